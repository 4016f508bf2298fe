namespace OmniRetail.Supply.Replenishment;

public sealed record WarehouseStock(string Warehouse, int Free, int ShippedUnits);

public sealed record TransferProposal(string Sku, string From, string To, int Quantity, string Reason);

public static class RebalancingPlanner
{
    /// <summary>
    /// Each warehouse's share of the SKU's reorder point is its share of the SKU's shipments in the window. A warehouse
    /// whose free stock (on hand − reserved) is above its share gives to those below theirs: the largest surplus to
    /// the largest shortfall first, whole units, never more than either. No shipments: no basis to split by, no proposal.
    /// </summary>
    public static IReadOnlyList<TransferProposal> Plan(string sku, double reorderPoint, IReadOnlyList<WarehouseStock> warehouses)
    {
        var shipped = warehouses.Sum(w => w.ShippedUnits);
        if (shipped == 0 || reorderPoint <= 0 || warehouses.Count < 2)
        {
            return [];
        }

        var target = warehouses.ToDictionary(w => w.Warehouse, w => reorderPoint * w.ShippedUnits / shipped);
        var surplus = warehouses.Select(w => (w.Warehouse, Units: (int)Math.Floor(w.Free - target[w.Warehouse]))).Where(w => w.Units > 0).ToList();
        var shortfall = warehouses.Select(w => (w.Warehouse, Units: (int)Math.Ceiling(target[w.Warehouse] - w.Free))).Where(w => w.Units > 0).ToList();
        var proposals = new List<TransferProposal>();
        while (surplus.Count > 0 && shortfall.Count > 0)
        {
            var giver = surplus.OrderByDescending(w => w.Units).ThenBy(w => w.Warehouse, StringComparer.Ordinal).First();
            var taker = shortfall.OrderByDescending(w => w.Units).ThenBy(w => w.Warehouse, StringComparer.Ordinal).First();
            var units = Math.Min(giver.Units, taker.Units);
            proposals.Add(new TransferProposal(sku, giver.Warehouse, taker.Warehouse, units,
                $"{taker.Warehouse} is below its share of the reorder point ({target[taker.Warehouse]:0.#}), {giver.Warehouse} above its ({target[giver.Warehouse]:0.#})"));
            surplus.Remove(giver);
            shortfall.Remove(taker);
            if (giver.Units > units)
            {
                surplus.Add((giver.Warehouse, giver.Units - units));
            }

            if (taker.Units > units)
            {
                shortfall.Add((taker.Warehouse, taker.Units - units));
            }
        }

        return proposals;
    }
}
