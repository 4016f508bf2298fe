using OmniRetail.Catalog.Pricing;
using OmniRetail.Catalog.Promotions;

namespace OmniRetail.Catalog.Tests.Pricing;

/// <summary>The pricing rule against baskets priced by hand (the arithmetic is in each test's comments).</summary>
public sealed class BasketPricerTests
{
    private static readonly DateTime Always = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static PricingLine Tee(int quantity, decimal? channelPrice = null) => new("TEE", quantity, 20m, channelPrice ?? 20m, new HashSet<string> { "TOPS", "APPAREL" });

    private static PricingLine Cap(int quantity) => new("CAP", quantity, 15m, 15m, new HashSet<string> { "APPAREL" });

    private static PricingLine Mug(int quantity) => new("MUG", quantity, 10m, 10m, new HashSet<string> { "HOME" });

    private static Promotion Promo(string code, string kind, decimal value = 0, string[]? skus = null, string[]? categories = null, bool stackable = false,
        int priority = 0, int buy = 0, int get = 0, int minQuantity = 1) => new()
    {
        Code = code, Name = code, StartsAt = Always, EndsAt = Always.AddYears(1), Skus = skus ?? [], Categories = categories ?? [],
        Discount = new Discount(kind, value, buy, get), Stackable = stackable, Priority = priority, MinQuantity = minQuantity,
    };

    [Fact]
    public void The_largest_non_stackable_discount_wins_and_stackable_ones_follow_in_priority_order_on_what_is_left()
    {
        var promotions = new[]
        {
            Promo("A", DiscountKinds.Percent, 10, categories: ["APPAREL"], priority: 1),
            Promo("B", DiscountKinds.Amount, 3, skus: ["TEE"]),
            Promo("C", DiscountKinds.Percent, 5, stackable: true, priority: 2),
            Promo("D", DiscountKinds.Amount, 1, skus: ["TEE"], stackable: true, priority: 1),
        };

        var basket = BasketPricer.Price([Tee(2), Mug(1)], promotions);

        // TEE: 2 × 20 = 40. A would take 4.00, B 2 × 3 = 6.00: B wins. Then C: 5% of 34 = 1.70 → 32.30; then D: 2 × 1 = 2 → 30.30.
        basket.Lines[0].ShouldBe(new QuotedLine("TEE", 2, 20m, 20m, ["B", "C", "D"], 9.70m, 30.30m), new LineComparer());
        // MUG: no non-stackable covers it; C: 5% of 10 = 0.50.
        basket.Lines[1].ShouldBe(new QuotedLine("MUG", 1, 10m, 10m, ["C"], 0.50m, 9.50m), new LineComparer());
        basket.Total.ShouldBe(39.80m);
    }

    [Fact]
    public void Equal_discounts_go_to_the_higher_priority()
    {
        var basket = BasketPricer.Price([Tee(1)], [Promo("X", DiscountKinds.Percent, 10, priority: 1), Promo("Y", DiscountKinds.Amount, 2, priority: 5)]);

        // 10% of 20 = 2.00 and 2.00 off: a tie, Y has the higher priority.
        basket.Lines[0].Promotions.ShouldBe(["Y"]);
        basket.Lines[0].NetAmount.ShouldBe(18m);
    }

    [Fact]
    public void Buy_two_get_one_makes_the_cheapest_units_of_everything_it_covers_free()
    {
        var buy2Get1 = Promo("B2G1", DiscountKinds.BuyXGetY, categories: ["APPAREL"], buy: 2, get: 1);

        // 4 apparel units: one group of 3, one free unit, the cheapest: a CAP at 15.
        var four = BasketPricer.Price([Tee(2), Cap(2)], [buy2Get1]);
        (four.Lines[0].Discount, four.Lines[1].Discount, four.Lines[1].NetAmount, four.Total).ShouldBe((0m, 15m, 15m, 55m));
        four.Lines[0].Promotions.ShouldBeEmpty();
        four.Lines[1].Promotions.ShouldBe(["B2G1"]);

        // 7 units, mug not covered: two groups, two free units, both caps (the three caps are the cheapest).
        var seven = BasketPricer.Price([Tee(4), Cap(3), Mug(5)], [buy2Get1]);
        (seven.Lines[0].Discount, seven.Lines[1].Discount, seven.Lines[2].Discount).ShouldBe((0m, 30m, 0m));
    }

    [Fact]
    public void A_minimum_quantity_counts_the_units_the_promotion_covers_in_the_basket()
    {
        var bulk = Promo("BULK", DiscountKinds.Percent, 20, skus: ["TEE"], minQuantity: 3);

        BasketPricer.Price([Tee(2)], [bulk]).Lines[0].Discount.ShouldBe(0m);
        // 3 × 20 = 60, 20% = 12.
        BasketPricer.Price([Tee(3)], [bulk]).Lines[0].Discount.ShouldBe(12m);
    }

    [Fact]
    public void A_fixed_price_sets_each_units_price_and_never_raises_it()
    {
        // 2 × 20 = 40 at 12 a unit: 24, a discount of 16.
        BasketPricer.Price([Tee(2)], [Promo("FIX", DiscountKinds.FixedPrice, 12, skus: ["TEE"])]).Lines[0].ShouldBe(
            new QuotedLine("TEE", 2, 20m, 20m, ["FIX"], 16m, 24m), new LineComparer());
        BasketPricer.Price([Tee(2)], [Promo("DEAR", DiscountKinds.FixedPrice, 25, skus: ["TEE"])]).Lines[0].Promotions.ShouldBeEmpty();
    }

    [Fact]
    public void No_discount_takes_a_line_below_zero()
    {
        var basket = BasketPricer.Price([Mug(2)], [Promo("HUGE", DiscountKinds.Amount, 30), Promo("MORE", DiscountKinds.Percent, 50, stackable: true)]);

        // 2 × 30 off a 20 line: 20 off, nothing left for the stackable one to take.
        basket.Lines[0].ShouldBe(new QuotedLine("MUG", 2, 10m, 10m, ["HUGE"], 20m, 0m), new LineComparer());
    }

    [Fact]
    public void The_channels_price_is_the_base_and_amounts_are_rounded_to_cents_per_line()
    {
        // 3 × 9.99 = 29.97; 15% = 4.4955 → 4.50.
        var basket = BasketPricer.Price([Tee(3, channelPrice: 9.99m)], [Promo("P15", DiscountKinds.Percent, 15)]);

        basket.Lines[0].ShouldBe(new QuotedLine("TEE", 3, 20m, 9.99m, ["P15"], 4.50m, 25.47m), new LineComparer());
    }

    private sealed class LineComparer : IEqualityComparer<QuotedLine>
    {
        public bool Equals(QuotedLine? x, QuotedLine? y) =>
            x is not null && y is not null && x.Sku == y.Sku && x.Quantity == y.Quantity && x.ListPrice == y.ListPrice && x.ChannelPrice == y.ChannelPrice
            && x.Promotions.SequenceEqual(y.Promotions) && x.Discount == y.Discount && x.NetAmount == y.NetAmount;

        public int GetHashCode(QuotedLine obj) => obj.Sku.GetHashCode(StringComparison.Ordinal);
    }
}
