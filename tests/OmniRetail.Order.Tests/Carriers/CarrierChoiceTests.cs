using OmniRetail.Order.Carriers;

namespace OmniRetail.Order.Tests.Carriers;

/// <summary>The carrier choice against a small price list, by hand.</summary>
public sealed class CarrierChoiceTests
{
    // DHL Paket: DE/AT, 2 days, ≤1 kg 4.50, ≤5 kg 6.90. DHL Express: DE, 1 day, ≤5 kg 12.00.
    // UPS Standard: DE/FR, 3 days, ≤2 kg 4.50, ≤10 kg 8.00. GLS: DE, 2 days, ≤1 kg 4.50.
    private static readonly (string, CarrierServiceOffer)[] Services =
    [
        ("dhl", new CarrierServiceOffer("paket", "Paket", ["DE", "AT"], 2, [new CarrierRate(1000, 4.50m, "EUR"), new CarrierRate(5000, 6.90m, "EUR")])),
        ("dhl", new CarrierServiceOffer("express", "Express", ["DE"], 1, [new CarrierRate(5000, 12.00m, "EUR")])),
        ("ups", new CarrierServiceOffer("standard", "Standard", ["DE", "FR"], 3, [new CarrierRate(2000, 4.50m, "EUR"), new CarrierRate(10000, 8.00m, "EUR")])),
        ("gls", new CarrierServiceOffer("business", "Business", ["DE"], 2, [new CarrierRate(1000, 4.50m, "EUR")])),
    ];

    [Theory]
    // 800 g to DE, no promise: 4.50 from dhl/paket (2 d), ups (3 d), gls (2 d): fewer days first, then carrier code: dhl before gls.
    [InlineData("DE", 800, null, "dhl/paket", 4.50, false)]
    // 1,500 g to DE: paket's 5 kg band 6.90, express 12.00, ups 2 kg band 4.50, gls does not take it: ups.
    [InlineData("DE", 1500, null, "ups/standard", 4.50, false)]
    // The same with a 2-day promise: ups (3 d) breaks it; paket 6.90 beats express 12.00.
    [InlineData("DE", 1500, 2, "dhl/paket", 6.90, false)]
    // A 1-day promise: only express keeps it.
    [InlineData("DE", 1500, 1, "dhl/express", 12.00, false)]
    // 6 kg to DE with a 1-day promise: only ups takes 6 kg (3 d): the fastest that fits, the promise at risk.
    [InlineData("DE", 6000, 1, "ups/standard", 8.00, true)]
    // FR: only ups; a band exactly at the weight still takes it.
    [InlineData("fr", 2000, null, "ups/standard", 4.50, false)]
    // AT: only paket.
    [InlineData("AT", 300, 5, "dhl/paket", 4.50, false)]
    public void The_cheapest_service_that_fits_and_keeps_the_promise_wins(string country, int grams, int? promise, string expected, double price, bool atRisk)
    {
        var chosen = CarrierChoice.Choose(Services, country, grams, promise).ShouldNotBeNull();

        ($"{chosen.Carrier}/{chosen.Service}", chosen.Price, chosen.PromiseAtRisk).ShouldBe((expected, (decimal)price, atRisk));
        chosen.Reason.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("US", 500)]
    [InlineData("FR", 12000)]
    public void Nothing_is_chosen_when_no_service_serves_the_destination_and_weight(string country, int grams) =>
        CarrierChoice.Choose(Services, country, grams, null).ShouldBeNull();

    [Fact]
    public void The_reason_says_what_decided()
    {
        CarrierChoice.Choose(Services, "DE", 1500, 2)!.Reason.ShouldBe("cheapest of 2 service(s) for 1500 g to DE, within the 2-day promise");
        CarrierChoice.Choose(Services, "DE", 6000, 1)!.Reason.ShouldBe("none of 1 service(s) for 6000 g to DE delivers within the 1-day promise: the fastest, 3 days");
    }
}
