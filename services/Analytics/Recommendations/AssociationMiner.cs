namespace OmniRetail.Analytics.Recommendations;

/// <summary>A rule "baskets with <see cref="Antecedent"/> also hold <see cref="Consequent"/>", with its measures.</summary>
public sealed record AssociationRule(IReadOnlyList<string> Antecedent, string Consequent, double Support, double Confidence, double Lift, int Baskets);

/// <summary>
/// Association rules over baskets (the SKUs of one order), mined with Apriori for itemsets of up to three SKUs:
/// support(A→B) = baskets containing A and B ÷ all baskets; confidence = support(A→B) ÷ support(A);
/// lift = confidence ÷ support(B). Itemsets below the minimum support and rules below the minimum confidence are left out.
/// </summary>
public static class AssociationMiner
{
    public const int MaxItemset = 3;

    public static IReadOnlyList<AssociationRule> Mine(IReadOnlyList<IReadOnlySet<string>> baskets, double minSupport, double minConfidence)
    {
        if (baskets.Count == 0)
        {
            return [];
        }

        var n = baskets.Count;
        var minCount = Math.Max(1, (int)Math.Ceiling(minSupport * n - 1e-9));
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var frequent = new List<string[]>();
        var level = baskets.SelectMany(b => b).GroupBy(sku => sku).Where(g => g.Count() >= minCount)
            .Select(g => new[] { g.Key }).OrderBy(s => s[0], StringComparer.Ordinal).ToList();
        foreach (var single in level)
        {
            counts[Key(single)] = baskets.Count(b => b.Contains(single[0]));
        }

        frequent.AddRange(level);
        for (var size = 2; size <= MaxItemset && level.Count > 1; size++)
        {
            var known = level.Select(Key).ToHashSet(StringComparer.Ordinal);
            var candidates = Join(level).Where(c => Subsets(c).All(s => known.Contains(Key(s)))).ToList();
            level = [];
            foreach (var candidate in candidates)
            {
                var count = baskets.Count(b => candidate.All(b.Contains));
                if (count >= minCount)
                {
                    counts[Key(candidate)] = count;
                    level.Add(candidate);
                }
            }

            frequent.AddRange(level);
        }

        var rules = new List<AssociationRule>();
        foreach (var itemset in frequent.Where(i => i.Length >= 2))
        {
            var together = counts[Key(itemset)];
            foreach (var consequent in itemset)
            {
                var antecedent = itemset.Where(sku => sku != consequent).ToArray();
                var confidence = (double)together / counts[Key(antecedent)];
                if (confidence + 1e-12 < minConfidence)
                {
                    continue;
                }

                var consequentSupport = (double)counts[consequent] / n;
                rules.Add(new AssociationRule(antecedent, consequent, (double)together / n, confidence, confidence / consequentSupport, together));
            }
        }

        return rules.OrderByDescending(r => r.Lift).ThenByDescending(r => r.Confidence).ThenBy(r => r.Consequent, StringComparer.Ordinal).ToList();
    }

    /// <summary>The rules for one SKU: those whose antecedent is exactly it.</summary>
    public static IEnumerable<AssociationRule> For(IEnumerable<AssociationRule> rules, string sku) =>
        rules.Where(r => r.Antecedent.Count == 1 && r.Antecedent[0] == sku);

    /// <summary>
    /// What to suggest to someone who bought <paramref name="bought"/>: consequents they do not have, of rules whose whole
    /// antecedent they bought, each SKU once with its strongest rule (by lift, then confidence).
    /// </summary>
    public static IEnumerable<AssociationRule> ForBasket(IEnumerable<AssociationRule> rules, IReadOnlySet<string> bought) =>
        rules.Where(r => !bought.Contains(r.Consequent) && r.Antecedent.All(bought.Contains))
            .GroupBy(r => r.Consequent).Select(g => g.OrderByDescending(r => r.Lift).ThenByDescending(r => r.Confidence).First())
            .OrderByDescending(r => r.Lift).ThenByDescending(r => r.Confidence).ThenBy(r => r.Consequent, StringComparer.Ordinal);

    private static string Key(IEnumerable<string> itemset) => string.Join('\u001f', itemset);

    /// <summary>Apriori's join: two sorted itemsets sharing all but their last item make one a size larger.</summary>
    private static IEnumerable<string[]> Join(List<string[]> level)
    {
        for (var i = 0; i < level.Count; i++)
        {
            for (var j = i + 1; j < level.Count; j++)
            {
                var (a, b) = (level[i], level[j]);
                if (a.AsSpan(0, a.Length - 1).SequenceEqual(b.AsSpan(0, b.Length - 1)))
                {
                    yield return [.. a, b[^1]];
                }
            }
        }
    }

    private static IEnumerable<string[]> Subsets(string[] itemset) =>
        Enumerable.Range(0, itemset.Length).Select(skip => itemset.Where((_, i) => i != skip).ToArray());
}
