using OmniRetail.Catalog.Promotions;

namespace OmniRetail.Catalog.Pricing;

/// <summary>A basket line with what pricing needs to know about its product.</summary>
/// <param name="Categories">Every category the product belongs to, its own and all above them.</param>
public sealed record PricingLine(string Sku, int Quantity, decimal ListPrice, decimal ChannelPrice, IReadOnlySet<string> Categories);

public sealed record QuotedLine(string Sku, int Quantity, decimal ListPrice, decimal ChannelPrice, IReadOnlyList<string> Promotions, decimal Discount, decimal NetAmount);

public sealed record PricedBasket(IReadOnlyList<QuotedLine> Lines, decimal Total);

/// <summary>
/// Prices a basket against the promotions in force for its channel at its moment. The one place the rule lives (quotes
/// and the check of orders from generic and store channels both use it):
/// <list type="number">
/// <item>A line's amount is channelPrice × quantity; amounts are per line, rounded to cents.</item>
/// <item>A promotion covers a line when it names the SKU or one of the product's categories (or an ancestor of one);
/// one naming neither covers every product. It applies only when the basket holds at least minQuantity units it covers.</item>
/// <item>Its discount on a line: percent → amount × value / 100; amount → value off each unit; fixedPrice → each unit
/// costs value (nothing when that is not cheaper); buyXGetY → of all the units it covers in the basket, for every
/// buy + get units the get cheapest are free, and a line gets the price of its free units.</item>
/// <item>Of the non-stackable promotions on a line, the one with the largest discount wins (ties: higher priority, then
/// code); stackable ones then apply in priority order (higher first) to what is left of the amount.</item>
/// <item>No discount takes a line below zero.</item>
/// </list>
/// </summary>
public static class BasketPricer
{
    public const string Rule =
        "amount = channelPrice × quantity (channelPrice: the listing's price, else the list price); a promotion covers a line when it names the SKU or one of its " +
        "categories or their ancestors (naming neither: every product), and applies when the basket holds at least minQuantity units it covers. " +
        "Discount on a line: percent = amount × value / 100; amount = value off each unit; fixedPrice = each unit costs value; buyXGetY = of the units the " +
        "promotion covers in the basket, for every buy + get units the get cheapest are free. Of the non-stackable promotions the largest discount wins " +
        "(ties: higher priority, then code); stackable ones then apply in priority order (higher first) on the remaining amount; never below zero. " +
        "Amounts are per line, rounded to cents; total = Σ netAmount.";

    public static PricedBasket Price(IReadOnlyList<PricingLine> lines, IReadOnlyCollection<Promotion> promotions)
    {
        var amounts = lines.Select(l => Cents(l.ChannelPrice * l.Quantity)).ToArray();
        var covering = promotions
            .Select(p => (Promotion: p, Lines: Enumerable.Range(0, lines.Count).Where(i => Covers(p, lines[i])).ToList()))
            .Where(p => p.Lines.Count > 0 && p.Lines.Sum(i => lines[i].Quantity) >= Math.Max(1, p.Promotion.MinQuantity))
            .ToList();
        var freeUnits = covering.Where(p => p.Promotion.Discount.Kind == DiscountKinds.BuyXGetY)
            .ToDictionary(p => p.Promotion.Code, p => FreeUnits(p.Promotion.Discount, p.Lines, lines));

        var quoted = new List<QuotedLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var applying = covering.Where(p => p.Lines.Contains(i)).Select(p => p.Promotion).ToList();
            var free = (Promotion p) => freeUnits.TryGetValue(p.Code, out var units) ? units[i] : 0;
            var applied = new List<string>();
            var remaining = amounts[i];

            var winner = applying.Where(p => !p.Stackable)
                .Select(p => (Promotion: p, Off: Math.Min(remaining, Cents(Off(p.Discount, line, remaining, free(p))))))
                .Where(c => c.Off > 0)
                .OrderByDescending(c => c.Off).ThenByDescending(c => c.Promotion.Priority).ThenBy(c => c.Promotion.Code, StringComparer.Ordinal)
                .FirstOrDefault();
            if (winner.Promotion is not null)
            {
                applied.Add(winner.Promotion.Code);
                remaining -= winner.Off;
            }

            foreach (var stackable in applying.Where(p => p.Stackable).OrderByDescending(p => p.Priority).ThenBy(p => p.Code, StringComparer.Ordinal))
            {
                var off = Math.Min(remaining, Cents(Off(stackable.Discount, line, remaining, free(stackable))));
                if (off > 0)
                {
                    applied.Add(stackable.Code);
                    remaining -= off;
                }
            }

            quoted.Add(new QuotedLine(line.Sku, line.Quantity, line.ListPrice, line.ChannelPrice, applied, amounts[i] - remaining, remaining));
        }

        return new PricedBasket(quoted, quoted.Sum(l => l.NetAmount));
    }

    private static bool Covers(Promotion promotion, PricingLine line) =>
        (promotion.Skus.Length == 0 && promotion.Categories.Length == 0)
        || promotion.Skus.Contains(line.Sku, StringComparer.Ordinal)
        || promotion.Categories.Any(line.Categories.Contains);

    /// <summary>The discount on what is left of a line's amount (all of it for the first promotion).</summary>
    private static decimal Off(Discount discount, PricingLine line, decimal remaining, int freeUnits) => discount.Kind switch
    {
        DiscountKinds.Percent => remaining * discount.Value / 100m,
        DiscountKinds.Amount => discount.Value * line.Quantity,
        DiscountKinds.FixedPrice => Math.Max(0, remaining - (discount.Value * line.Quantity)),
        DiscountKinds.BuyXGetY => line.Quantity == 0 ? 0 : remaining / line.Quantity * freeUnits,
        _ => 0,
    };

    /// <summary>How many of each line's units are free: the cheapest of the covered units, get for every buy + get.</summary>
    private static int[] FreeUnits(Discount discount, IReadOnlyList<int> covered, IReadOnlyList<PricingLine> lines)
    {
        var free = new int[lines.Count];
        var group = discount.Buy + discount.Get;
        if (discount.Buy < 1 || discount.Get < 1)
        {
            return free;
        }

        var units = covered.Sum(i => lines[i].Quantity);
        var left = units / group * discount.Get;
        foreach (var i in covered.OrderBy(i => lines[i].ChannelPrice).ThenBy(i => lines[i].Sku, StringComparer.Ordinal))
        {
            var taken = Math.Min(left, lines[i].Quantity);
            free[i] = taken;
            left -= taken;
        }

        return free;
    }

    private static decimal Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
