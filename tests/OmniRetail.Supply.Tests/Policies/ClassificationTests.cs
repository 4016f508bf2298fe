using OmniRetail.Supply.Policies;

namespace OmniRetail.Supply.Tests.Policies;

public sealed class ClassificationTests
{
    [Fact]
    public void Abc_ranks_by_value_and_a_sku_whose_cumulative_share_including_itself_is_at_most_80_percent_is_A()
    {
        // Total 10,000. Cumulative shares: P1 50%, P2 80% (A, on the line), P3 90% (B), P4 96% (C), P5 100% (C).
        var values = new Dictionary<string, double> { ["P3"] = 1000, ["P1"] = 5000, ["P5"] = 400, ["P2"] = 3000, ["P4"] = 600 };

        var ranks = Classification.Abc(values, new ClassThresholds());

        ranks.ToDictionary(r => r.Key, r => r.Value.Class).ShouldBe(new Dictionary<string, string>
        {
            ["P1"] = "A", ["P2"] = "A", ["P3"] = "B", ["P4"] = "C", ["P5"] = "C",
        }, ignoreOrder: true);
        ranks["P3"].CumulativeShare.ShouldBe(0.9, 1e-9);
    }

    [Fact]
    public void Abc_thresholds_are_configurable_and_a_single_dominant_sku_past_the_a_limit_is_not_a()
    {
        var values = new Dictionary<string, double> { ["BIG"] = 9000, ["SMALL"] = 1000 };

        Classification.Abc(values, new ClassThresholds())["BIG"].Class.ShouldBe("B");
        Classification.Abc(values, new ClassThresholds(AbcA: 0.9))["BIG"].Class.ShouldBe("A");
    }

    [Theory]
    [InlineData(new double[] { 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10 }, "X")]
    // 5 and 15 alternating: mean 10, sample σ 5.222, CV 0.522.
    [InlineData(new double[] { 5, 15, 5, 15, 5, 15, 5, 15, 5, 15, 5, 15 }, "Y")]
    // 0 and 20 alternating: mean 10, sample σ 10.445, CV 1.044.
    [InlineData(new double[] { 0, 20, 0, 20, 0, 20, 0, 20, 0, 20, 0, 20 }, "Z")]
    [InlineData(new double[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "Z")]
    public void Xyz_is_the_coefficient_of_variation_of_weekly_totals(double[] weeks, string expected) =>
        Classification.Xyz(DemandStatistics.CoefficientOfVariation(weeks), new ClassThresholds()).ShouldBe(expected);

    [Fact]
    public void Weekly_totals_are_the_last_twelve_complete_iso_weeks_before_today()
    {
        // Tuesday 1 December 2026: the current week (from Monday 30 November) is incomplete; the 12 before start Monday 7 September.
        var today = new DateOnly(2026, 12, 1);
        var quantities = new Dictionary<DateOnly, double>
        {
            [new DateOnly(2026, 9, 6)] = 100, // Sunday before the first week: not counted
            [new DateOnly(2026, 9, 7)] = 3,
            [new DateOnly(2026, 9, 13)] = 4, // Sunday: still week one
            [new DateOnly(2026, 11, 29)] = 5, // Sunday ending the last complete week
            [new DateOnly(2026, 11, 30)] = 100, // this week: not counted
        };

        var totals = DemandStatistics.WeeklyTotals(quantities, today);

        totals.Length.ShouldBe(12);
        totals[0].ShouldBe(7);
        totals[11].ShouldBe(5);
        totals.Sum().ShouldBe(12);
    }
}
