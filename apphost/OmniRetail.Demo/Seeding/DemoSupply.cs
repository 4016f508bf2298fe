using System.Net;
using OmniRetail.Demo.Gateway;

namespace OmniRetail.Demo.Seeding;

public sealed record DemoSupplier(string Code, string Name, double LeadTimeDays, double LeadTimeStdDevDays, decimal OrderCost, string[] Ranges);

/// <summary>
/// Suppliers with offers for every product, four months of daily demand history (weekly rhythm, a trend, stockouts on
/// the scarce products), a few purchase orders under way, and a replenishment run: enough for every Supply page to
/// show figures. Seeding again changes nothing (upserts, history days replaced with the same values, POs only for
/// suppliers that have none).
/// </summary>
public sealed class DemoSupply(StaffClient staff, Action<string> log)
{
    public const int HistoryDays = 120;

    public static readonly IReadOnlyList<DemoSupplier> Suppliers =
    [
        new("NORDTEX", "Nordtex Apparel (Porto)", 12, 3, 80m, ["TEE", "HOODIE", "CAP", "SOCKS"]),
        new("HOMECRAFT", "Homecraft Goods (Kraków)", 8, 2, 60m, ["TOTE", "MUG", "BOTTLE", "NOTEBOOK", "CANDLE", "BLANKET", "LAMP", "PLANTER"]),
        // Fast and dear: the alternative for T-shirts and mugs when a main supplier slips.
        new("QUICKSHIP", "Quickship Wholesale (Hamburg)", 3, 0.5, 35m, ["TEE", "MUG"]),
    ];

    public async Task Seed(CancellationToken cancellationToken)
    {
        foreach (var supplier in Suppliers)
        {
            await staff.Post("/api/supply/suppliers", new { supplier.Code, supplier.Name, Currency = DemoData.Currency, supplier.LeadTimeDays, supplier.LeadTimeStdDevDays, supplier.OrderCost },
                cancellationToken);
        }

        var offers = 0;
        foreach (var product in DemoData.Products)
        {
            foreach (var supplier in Suppliers.Where(s => s.Ranges.Contains(Range(product))))
            {
                await WhenSupplyKnows(() => staff.Put($"/api/supply/suppliers/{supplier.Code}/offers/{product.Sku}", Offer(product, supplier), cancellationToken), cancellationToken);
                offers++;
            }
        }

        log($"{Suppliers.Count} suppliers, {offers} offers");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var history = DemoData.Products.Select(product => new
        {
            product.Sku,
            Days = Enumerable.Range(1, HistoryDays).Select(ago => today.AddDays(-ago)).Select(date => History(product, date)).ToList(),
        }).ToList();
        var imported = await staff.Post("/api/supply/demand-history", history, cancellationToken);
        log($"demand history: {imported["days"]} days over {history.Count} SKUs");

        await PurchaseOrders(cancellationToken);
        var recomputed = await staff.Post("/api/supply/policies/recompute", new { }, cancellationToken);
        var drafts = await staff.Post("/api/supply/replenishment/run", new { }, cancellationToken);
        log($"policies for {recomputed["recomputed"]} SKUs; replenishment drafted {drafts["created"]!.AsArray().Count} purchase orders");
    }

    /// <summary>A PO sent to each main supplier, one of them partly received, unless the supplier already has orders.</summary>
    private async Task PurchaseOrders(CancellationToken cancellationToken)
    {
        foreach (var (supplier, index) in Suppliers.Take(2).Select((s, i) => (s, i)))
        {
            var existing = await staff.Get($"/api/supply/purchase-orders?supplier={supplier.Code}&limit=1", cancellationToken);
            if (existing?["items"]!.AsArray().Count > 0)
            {
                continue;
            }

            var skus = DemoData.Products.Where(p => supplier.Ranges.Contains(Range(p))).Take(3).Select(p => p.Sku).ToList();
            var id = Guid.Empty;
            await WhenSupplyKnows(async () => id = (await staff.Post("/api/supply/purchase-orders", new
            {
                supplier = supplier.Code, warehouse = DemoData.Warehouses[index].Code, lines = skus.Select(sku => new { sku, quantity = 120 }).ToList(),
            }, cancellationToken))["id"]!.GetValue<Guid>(), cancellationToken);
            await staff.Post($"/api/supply/purchase-orders/{id}/send", new { }, cancellationToken);
            if (index == 1)
            {
                await staff.Post($"/api/supply/purchase-orders/{id}/receipts", new { lines = new[] { new { sku = skus[0], quantity = 120 }, new { sku = skus[1], quantity = 40 } } },
                    cancellationToken);
            }
        }
    }

    private static object Offer(DemoProduct product, DemoSupplier supplier)
    {
        var premium = supplier.Code == "QUICKSHIP" ? 1.3m : 1m;
        var unitCost = decimal.Round(product.Price * 0.4m * premium, 2);
        return new
        {
            unitCost, minOrderQuantity = 24, packSize = product.Price < 20m ? 12 : 6, preferred = supplier.Code != "QUICKSHIP",
            priceBreaks = new[] { new { minQuantity = 250, unitCost = decimal.Round(unitCost * 0.92m, 2) }, new { minQuantity = 600, unitCost = decimal.Round(unitCost * 0.85m, 2) } },
        };
    }

    /// <summary>
    /// A day's demand, the same on every machine: a base rate per product, busier Fridays and Saturdays, a slow rise, a
    /// little noise; the scarce products (every seventh) were out of stock one day in six.
    /// </summary>
    private static object History(DemoProduct product, DateOnly date)
    {
        var index = DemoData.Products.ToList().IndexOf(product);
        var daysAgo = DateOnly.FromDateTime(DateTime.UtcNow).DayNumber - date.DayNumber;
        var stockout = index % 7 == 0 && (date.DayNumber + index) % 6 == 0;
        double[] week = [0.8, 0.85, 0.9, 1.0, 1.3, 1.45, 0.7];
        var rate = (2 + index % 9 * 1.5) * week[((int)date.DayOfWeek + 6) % 7] * (1 + 0.002 * (DemoSupply.HistoryDays - daysAgo));
        var noise = ((date.DayNumber * 7919 + index * 104729) % 100) / 100.0 - 0.5;
        var quantity = stockout ? 0 : Math.Max(0, (int)Math.Round(rate * (1 + 0.4 * noise)));
        return new { date = date.ToString("yyyy-MM-dd"), quantity, stockout };
    }

    private static string Range(DemoProduct product) => product.Sku[..product.Sku.IndexOf('-')];

    /// <summary>
    /// Supply learns products and warehouses from Catalog's and Inventory's events: an offer or order naming one it has
    /// not heard of yet is refused (400) for a moment.
    /// </summary>
    private static async Task WhenSupplyKnows(Func<Task> put, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                await put();
                return;
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.BadRequest && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }
}
