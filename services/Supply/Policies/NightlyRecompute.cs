using OmniRetail.BuildingBlocks.Scheduling;

namespace OmniRetail.Supply.Policies;

/// <summary>Recomputes every policy on the configured schedule (Supply__Recompute__Schedule, nightly at 02:00 UTC by default).</summary>
public sealed class NightlyRecompute(PolicyRecompute recompute) : IScheduledJob
{
    public const string Section = "Supply:Recompute";

    public Task Run(CancellationToken cancellationToken) => recompute.All(cancellationToken);
}
