namespace OmniRetail.Supply.Policies;

public sealed record AbcRank(string Class, double AnnualValue, double CumulativeShare);

public sealed record ClassThresholds(double AbcA = 0.80, double AbcB = 0.95, double XyzX = 0.5, double XyzY = 1.0);

/// <summary>ABC by annual consumption value, XYZ by the variability of weekly demand.</summary>
public static class Classification
{
    /// <summary>
    /// Ranked by value descending: a SKU whose cumulative share of the total value (itself included) is ≤ A's threshold
    /// is A, ≤ B's is B, else C. Equal values keep SKU order, so the result is stable. No value at all: every SKU is C.
    /// </summary>
    public static Dictionary<string, AbcRank> Abc(IReadOnlyDictionary<string, double> annualValueBySku, ClassThresholds thresholds)
    {
        var total = annualValueBySku.Values.Sum();
        var ranks = new Dictionary<string, AbcRank>();
        var cumulative = 0.0;
        foreach (var (sku, value) in annualValueBySku.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            cumulative += value;
            var share = total > 0 ? cumulative / total : 1;
            // A hair of tolerance: a share exactly on a threshold in decimal is not pushed over it by binary rounding.
            var abc = total <= 0 ? "C" : share <= thresholds.AbcA + 1e-12 ? "A" : share <= thresholds.AbcB + 1e-12 ? "B" : "C";
            ranks[sku] = new AbcRank(abc, value, share);
        }

        return ranks;
    }

    /// <summary>CV ≤ X's threshold is X, ≤ Y's is Y, else Z; no demand in the weeks (no CV) is Z.</summary>
    public static string Xyz(double? coefficientOfVariation, ClassThresholds thresholds) => coefficientOfVariation switch
    {
        null => "Z",
        <= 0 => "X",
        var cv when cv <= thresholds.XyzX + 1e-12 => "X",
        var cv when cv <= thresholds.XyzY + 1e-12 => "Y",
        _ => "Z",
    };
}
