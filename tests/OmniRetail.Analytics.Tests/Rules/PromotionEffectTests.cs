using OmniRetail.Analytics.Promotions;

namespace OmniRetail.Analytics.Tests.Rules;

public sealed class PromotionEffectTests
{
    private static List<EffectOrder> Orders(int count, int seed, double factor = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.Next(1, 4) * factor).Select(units => new EffectOrder(units, units * 10)).ToList();
    }

    [Fact]
    public void A_planted_30_percent_uplift_is_recovered_inside_its_interval_and_called_significant()
    {
        var before = Orders(60, seed: 1);
        var control = Orders(60, seed: 2);
        // During the promotion every promoted order buys 30 % more; the control group sells as before.
        var during = before.Select(o => new EffectOrder(o.Units * 1.3, o.Revenue * 1.3 * 0.85)).ToList();

        var effect = PromotionEffect.Estimate(during, before, control, control, discountCost: 50);

        effect.Uplift.ShouldBe(30.0);
        effect.UpliftLower!.Value.ShouldBeLessThan(30.0);
        effect.UpliftUpper!.Value.ShouldBeGreaterThan(30.0);
        effect.Significant.ShouldBe(true);
        // Revenue: 1.3 × 0.85 = 1.105 of the baseline.
        effect.RevenueUplift.ShouldBe(10.5);
        effect.IncrementalRevenue.ShouldBe(Math.Round(before.Sum(o => o.Revenue) * 0.105, 2));
        effect.ReturnOnDiscount.ShouldBe(Math.Round(before.Sum(o => o.Revenue) * 0.105 / 50, 4));
        effect.Promoted.OrdersDuring.ShouldBe(60);
    }

    [Fact]
    public void A_planted_zero_effect_is_not_called_significant()
    {
        var effect = PromotionEffect.Estimate(Orders(60, seed: 3), Orders(60, seed: 4), Orders(60, seed: 5), Orders(60, seed: 6), discountCost: 0);

        effect.Significant.ShouldBe(false);
        effect.UpliftLower!.Value.ShouldBeLessThan(0);
        effect.UpliftUpper!.Value.ShouldBeGreaterThan(0);
        effect.ReturnOnDiscount.ShouldBeNull();
    }

    [Fact]
    public void The_baseline_follows_the_control_group_and_too_few_orders_give_no_number()
    {
        // Promoted 100 → 150 units while the control grew 200 → 240 (× 1.2): baseline 120, incremental 30, uplift 25 %.
        PromotionEffect.Uplift(150, 100, 240, 200).ShouldBe((25.0, 30.0));

        var effect = PromotionEffect.Estimate(Orders(19, 1), Orders(40, 2), Orders(40, 3), Orders(40, 4), 10);
        effect.Uplift.ShouldBeNull();
        effect.Reason!.ShouldContain("not enough data");
        effect.Reason!.ShouldContain("19");
        PromotionEffect.Estimate(Orders(30, 1), Orders(30, 2), [], [], 10).Reason!.ShouldContain("no control group");
    }
}
