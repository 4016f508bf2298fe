using OmniRetail.Supply.Suppliers;

namespace OmniRetail.Supply.Tests.Purchasing;

public sealed class SupplierScorecardTests
{
    private static readonly DateTime Day0 = new(2026, 10, 1, 9, 0, 0, DateTimeKind.Utc);

    private static DeliveryRecord Received(int expectedDay, int receivedDay, int ordered, int received) =>
        new(true, false, Day0, Day0.AddDays(expectedDay), Day0.AddDays(receivedDay), ordered, received);

    [Fact]
    public void On_time_fill_rate_and_lead_time_follow_the_definitions_and_two_late_of_three_make_a_high_risk()
    {
        DeliveryRecord[] orders =
        [
            Received(expectedDay: 7, receivedDay: 6, 100, 100), // on time, 6 days
            Received(expectedDay: 7, receivedDay: 9, 100, 100), // late, 9 days
            Received(expectedDay: 10, receivedDay: 10, 50, 50), // on the day counts as on time, 10 days
            new(false, true, Day0, Day0.AddDays(7), null, 100, 60), // closed short: fill rate only
            new(false, false, Day0, Day0.AddDays(7), null, 80, 0), // still open: not scored
        ];

        var card = SupplierScorecard.Of(orders, new RiskThresholds());

        // On time 2 of 3 = 66.7%; fill (100+100+50+60) / (100+100+50+100) = 310/350; lead times 6, 9, 10: mean 8.333, σ 2.0817, CV 0.2498.
        card.PurchaseOrdersScored.ShouldBe(4);
        card.OnTimeRate!.Value.ShouldBe(2 / 3.0, 1e-9);
        card.FillRate!.Value.ShouldBe(310 / 350.0, 1e-9);
        card.LeadTimeMeanDays!.Value.ShouldBe(8.3333, 0.0001);
        card.LeadTimeStdDevDays!.Value.ShouldBe(2.0817, 0.0001);
        card.LeadTimeCv!.Value.ShouldBe(0.2498, 0.0001);
        card.Risk.ShouldBe("high");
    }

    [Fact]
    public void Between_the_thresholds_the_risk_is_medium_and_a_steady_punctual_supplier_is_low()
    {
        // 6 of 7 on time = 85.7%: under 90%, over 75%.
        var mostlyOnTime = Enumerable.Range(0, 6).Select(_ => Received(7, 7, 10, 10)).Append(Received(7, 8, 10, 10)).ToList();
        var punctual = Enumerable.Range(0, 5).Select(_ => Received(7, 7, 10, 10)).ToList();

        SupplierScorecard.Of(mostlyOnTime, new RiskThresholds()).Risk.ShouldBe("medium");
        SupplierScorecard.Of(punctual, new RiskThresholds()).Risk.ShouldBe("low");
        SupplierScorecard.Of(mostlyOnTime, new RiskThresholds(OnTimeMedium: 0.8)).Risk.ShouldBe("low");
    }

    [Fact]
    public void An_erratic_lead_time_is_high_risk_even_when_every_delivery_was_on_time()
    {
        // Lead times 1, 1, 10 days, all before a generous due date: mean 4, σ 5.196, CV 1.3.
        DeliveryRecord[] orders = [Received(30, 1, 10, 10), Received(30, 1, 10, 10), Received(30, 10, 10, 10)];

        var card = SupplierScorecard.Of(orders, new RiskThresholds());

        card.OnTimeRate.ShouldBe(1);
        card.LeadTimeCv!.Value.ShouldBe(1.299, 0.001);
        card.Risk.ShouldBe("high");
    }
}
