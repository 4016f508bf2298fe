namespace OmniRetail.TestInfrastructure;

/// <summary>Benchmarks are tests that run on demand only (<c>OMNIRETAIL_BENCH=1</c>) and print figures instead of timing asserts.</summary>
public static class Benchmarks
{
    public const string SkipReason = "Benchmark: set OMNIRETAIL_BENCH=1 to run";

    public static bool Enabled => Environment.GetEnvironmentVariable("OMNIRETAIL_BENCH") == "1";

    /// <summary>The value at quantile <paramref name="q"/> (0.5 = median) of <paramref name="values"/>, nearest rank.</summary>
    public static double Quantile(IReadOnlyCollection<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
