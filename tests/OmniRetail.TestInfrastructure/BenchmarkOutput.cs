using Xunit;

namespace OmniRetail.TestInfrastructure;

/// <summary>
/// A benchmark's figures as soon as each is measured (runs take minutes; the test's own output only
/// appears at its end), and again in the test's output.
/// </summary>
public sealed class BenchmarkOutput(ITestContext context)
{
    public void WriteLine(string line)
    {
        context.SendDiagnosticMessage(line);
        context.TestOutputHelper?.WriteLine(line);
    }
}
