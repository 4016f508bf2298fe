using OmniRetail.Contracts.Inventory;
using OmniRetail.Inventory.Reservations;
using OmniRetail.Inventory.Stock;
using OmniRetail.Inventory.Warehouses;

namespace OmniRetail.Inventory.Tests.Allocation;

/// <summary>The allocation rules as a table: stock per warehouse, the order, and which warehouses ship what.</summary>
public sealed class AllocationPlannerTests
{
    private static readonly Dictionary<string, Warehouse> Warehouses = new()
    {
        ["BER"] = new() { Code = "BER", Name = "Berlin", Country = "DE", Region = "EU" },
        ["PAR"] = new() { Code = "PAR", Name = "Paris", Country = "FR", Region = "EU" },
        ["NYC"] = new() { Code = "NYC", Name = "New York", Country = "US", Region = "NA" },
    };

    // Stock: "warehouse:sku=available,..."; order: "sku=quantity,..."; expected: "warehouse:sku=quantity,..." in
    // allocation order, or "short sku=quantity,..." when the order cannot be served.
    public static TheoryData<string, string, string, string, string?, string> Rules => new()
    {
        { "one warehouse holding the whole order ships it, even if the channel prefers another", "BER:A=1,PAR:A=5,PAR:B=5,BER:B=5", "A=2,B=1", "BER,PAR", "DE", "PAR:A=2,PAR:B=1" },
        { "among warehouses that can ship it all, the channel's first choice wins", "BER:A=5,PAR:A=5", "A=2", "PAR,BER", "DE", "PAR:A=2" },
        { "with no channel ranking, the warehouse in the customer's country wins", "BER:A=5,PAR:A=5", "A=2", "", "FR", "PAR:A=2" },
        { "ranked before unranked, whatever the country", "BER:A=5,NYC:A=5", "A=1", "NYC", "DE", "NYC:A=1" },
        { "with no ranking and no country match, the warehouse code decides", "PAR:A=5,BER:A=5", "A=1", "", "US", "BER:A=1" },
        { "split only when no warehouse can ship it all, best ranked first", "BER:A=2,PAR:A=2", "A=3", "PAR,BER", "DE", "PAR:A=2,BER:A=1" },
        { "a split takes each SKU from the best-ranked warehouse holding it", "BER:A=3,PAR:B=3", "A=1,B=1", "BER,PAR", "DE", "BER:A=1,PAR:B=1" },
        { "two lines of one SKU are one demand", "BER:A=3,PAR:A=3", "A=2,A=1", "", "DE", "BER:A=3" },
        { "not enough anywhere: nothing is allocated and the shortfall is named", "BER:A=1,PAR:A=1", "A=3,B=1", "", "DE", "short A=1,B=1" },
        { "a warehouse with nothing free is passed over", "BER:A=0,PAR:A=2", "A=2", "BER", "DE", "PAR:A=2" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Allocates_by_the_rules(string rule, string stock, string order, string priorities, string? shipTo, string expected)
    {
        var request = new ReserveStock
        {
            OrderId = Guid.NewGuid(),
            Lines = Pairs(order).Select(p => new StockLine { Sku = p.Key, Quantity = p.Value }).ToList(),
            WarehousePriorities = priorities.Split(',', StringSplitOptions.RemoveEmptyEntries),
            ShipToCountry = shipTo,
        };
        var levels = Pairs(stock).Select(p => p.Key.Split(':')).Zip(Pairs(stock).Select(p => p.Value))
            .Select(level => new StockLevel { Warehouse = level.First[0], Sku = level.First[1], OnHand = level.Second + 1, Reserved = 1 })
            .ToList();

        var plan = AllocationPlanner.Allocate(request, levels, Warehouses);

        var actual = plan.IsComplete
            ? string.Join(",", plan.Allocations.Select(a => $"{a.Warehouse}:{a.Sku}={a.Quantity}"))
            : "short " + string.Join(",", plan.Short.Select(s => $"{s.Sku}={s.Quantity}"));
        actual.ShouldBe(expected, rule);
        plan.Allocations.ShouldAllBe(a => a.Reason.Length > 0, "every allocation says why");
    }

    private static IEnumerable<KeyValuePair<string, int>> Pairs(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('='))
            .Select(pair => new KeyValuePair<string, int>(pair[0], int.Parse(pair[1])));
}
