using OmniRetail.Contracts.Inventory;
using OmniRetail.Inventory.Stock;
using OmniRetail.Inventory.Warehouses;

namespace OmniRetail.Inventory.Reservations;

/// <summary>
/// Decides which warehouses ship an order: one warehouse that holds the whole order if there is one,
/// ranked by the channel's priority list and then by being in the customer's country; otherwise the
/// order is split, each SKU taken from the best-ranked warehouses first. Pure: it only reads the
/// (already locked) stock rows it is given.
/// </summary>
public static class AllocationPlanner
{
    public sealed record Plan(IReadOnlyList<StockAllocation> Allocations, IReadOnlyList<StockLine> Short)
    {
        public bool IsComplete => Short.Count == 0;
    }

    public static Plan Allocate(ReserveStock request, IReadOnlyList<StockLevel> stock, IReadOnlyDictionary<string, Warehouse> warehouses)
    {
        // Two lines for one SKU are one demand.
        var demand = request.Lines.GroupBy(line => line.Sku).ToDictionary(group => group.Key, group => group.Sum(line => line.Quantity));
        var ranked = stock.Select(level => level.Warehouse).Distinct().OrderBy(code => Rank(code, request, warehouses)).ToList();
        var available = stock.ToDictionary(level => (level.Sku, level.Warehouse), level => level.Available);
        int Free(string sku, string warehouse) => available.GetValueOrDefault((sku, warehouse));

        var shortLines = demand
            .Select(d => new StockLine { Sku = d.Key, Quantity = d.Value - ranked.Sum(warehouse => Free(d.Key, warehouse)) })
            .Where(shortfall => shortfall.Quantity > 0)
            .ToList();
        if (shortLines.Count > 0)
        {
            return new Plan([], shortLines);
        }

        var whole = ranked.FirstOrDefault(warehouse => demand.All(d => Free(d.Key, warehouse) >= d.Value));
        if (whole is not null)
        {
            var reason = $"ships the whole order; {Describe(whole, request, warehouses)}";
            return new Plan(demand.Select(d => Allocation(whole, d.Key, d.Value, reason)).ToList(), []);
        }

        var split = new List<StockAllocation>();
        foreach (var (sku, quantity) in demand)
        {
            var remaining = quantity;
            foreach (var warehouse in ranked.Where(w => Free(sku, w) > 0))
            {
                var take = Math.Min(remaining, Free(sku, warehouse));
                split.Add(Allocation(warehouse, sku, take, $"split: no warehouse holds the whole order; {Describe(warehouse, request, warehouses)}"));
                remaining -= take;
                if (remaining == 0)
                {
                    break;
                }
            }
        }

        return new Plan(split, []);
    }

    private static (int Priority, int Distance, string Code) Rank(string code, ReserveStock request, IReadOnlyDictionary<string, Warehouse> warehouses)
    {
        var priority = IndexOf(request.WarehousePriorities, code);
        var sameCountry = warehouses.TryGetValue(code, out var warehouse) && warehouse.Country == request.ShipToCountry;
        return (priority < 0 ? int.MaxValue : priority, sameCountry ? 0 : 1, code);
    }

    private static string Describe(string code, ReserveStock request, IReadOnlyDictionary<string, Warehouse> warehouses)
    {
        var priority = IndexOf(request.WarehousePriorities, code);
        var parts = new List<string> { priority < 0 ? "not in the channel's priority list" : $"channel priority #{priority + 1}" };
        if (warehouses.TryGetValue(code, out var warehouse) && warehouse.Country == request.ShipToCountry)
        {
            parts.Add($"in the customer's country ({warehouse.Country})");
        }

        return string.Join(", ", parts);
    }

    private static int IndexOf(IReadOnlyList<string> priorities, string code)
    {
        for (var i = 0; i < priorities.Count; i++)
        {
            if (string.Equals(priorities[i], code, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static StockAllocation Allocation(string warehouse, string sku, int quantity, string reason) =>
        new() { Warehouse = warehouse, Sku = sku, Quantity = quantity, Reason = reason };
}
