using OmniRetail.Analytics.Recommendations;

namespace OmniRetail.Analytics.Tests.Rules;

public sealed class AssociationMinerTests
{
    /// <summary>
    /// Ten baskets, counted by hand: A in 6, B in 6, C in 5, D in 2; A+B in 4, A+C in 3, B+C in 3, C+D in 1; A+B+C in 2.
    /// </summary>
    public static readonly IReadOnlyList<IReadOnlySet<string>> Baskets =
    [
        Set("A", "B"), Set("A", "B", "C"), Set("A", "C"), Set("B", "C"), Set("A", "B"), Set("A"), Set("B"), Set("A", "B", "C"), Set("C", "D"), Set("D"),
    ];

    private static HashSet<string> Set(params string[] skus) => [.. skus];

    [Fact]
    public void Support_confidence_and_lift_are_as_counted_by_hand()
    {
        // Minimum support 0.2 (2 baskets) drops C+D; minimum confidence 0.5 keeps A→C (3 ÷ 6).
        var rules = AssociationMiner.Mine(Baskets, minSupport: 0.2, minConfidence: 0.5);

        Describe(AssociationMiner.For(rules, "A")).ShouldBe([("B", 0.4, 0.6667, 1.1111, 4), ("C", 0.3, 0.5, 1.0, 3)]);
        // C→A: 3 of C's 5 baskets hold A (0.6), and A is in 6 of 10: lift 1.
        Describe(AssociationMiner.For(rules, "C")).ShouldBe([("A", 0.3, 0.6, 1.0, 3), ("B", 0.3, 0.6, 1.0, 3)]);
        // Itemsets of three: {A, C} → B in 2 of the 3 baskets with A and C.
        var pair = rules.Single(r => r.Antecedent.SequenceEqual(["A", "C"]));
        (pair.Consequent, Math.Round(pair.Support, 4), Math.Round(pair.Confidence, 4), Math.Round(pair.Lift, 4)).ShouldBe(("B", 0.2, 0.6667, 1.1111));
        rules.ShouldNotContain(r => r.Consequent == "D" || r.Antecedent.Contains("D"));
        rules.Count.ShouldBe(9);
    }

    [Fact]
    public void A_customer_is_offered_what_goes_with_what_they_bought_and_not_what_they_have()
    {
        var rules = AssociationMiner.Mine(Baskets, minSupport: 0.2, minConfidence: 0.5);

        AssociationMiner.ForBasket(rules, Set("A")).Select(r => r.Consequent).ShouldBe(["B", "C"]);
        AssociationMiner.ForBasket(rules, Set("A", "C")).Select(r => r.Consequent).ShouldBe(["B"]);
        AssociationMiner.ForBasket(rules, Set("A", "B", "C")).ShouldBeEmpty();
        AssociationMiner.Mine([], 0.1, 0.1).ShouldBeEmpty();
    }

    private static IEnumerable<(string, double, double, double, int)> Describe(IEnumerable<AssociationRule> rules) =>
        rules.Select(r => (r.Consequent, Math.Round(r.Support, 4), Math.Round(r.Confidence, 4), Math.Round(r.Lift, 4), r.Baskets));
}
