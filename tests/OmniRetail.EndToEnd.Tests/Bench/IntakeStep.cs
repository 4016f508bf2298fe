using OmniRetail.TestInfrastructure;

namespace OmniRetail.EndToEnd.Tests.Bench;

/// <summary>What one constant-rate step of the intake benchmark measured, as one line of its table.</summary>
public sealed record IntakeStep(
    double AcceptedPerSecond, long Refused, long Failed, List<double> AcceptLatencies,
    int Reserved, int Accepted, double ReservedPerSecond, List<double> AcceptToReserved, string RelayLags)
{
    public const string Header = "target       rate/s | accepted/s refused failed | accept p50 ms  p99 ms | reserved   reserved/s | accept→reserved p50 ms  p99 ms";

    public string Line(string target, double rate) =>
        $"{target,-8} {rate,10:F0} | {AcceptedPerSecond,10:F0} {Refused,7} {Failed,6} | {Benchmarks.Quantile(AcceptLatencies, 0.5),13:F1} {Benchmarks.Quantile(AcceptLatencies, 0.99),7:F1} | " +
        $"{Reserved,5}/{Accepted,-5} {ReservedPerSecond,9:F0} | {Benchmarks.Quantile(AcceptToReserved, 0.5),22:F0} {Benchmarks.Quantile(AcceptToReserved, 0.99),7:F0}" +
        $"{Environment.NewLine}         outbox commit → broker confirm p50/p99 ms: {RelayLags}";
}
