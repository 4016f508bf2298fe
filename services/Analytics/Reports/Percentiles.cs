namespace OmniRetail.Analytics.Reports;

public static class Percentiles
{
    /// <summary>The p-th percentile by nearest rank: the ⌈p·n⌉-th smallest of <paramref name="sorted"/> (ascending, not empty).</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
