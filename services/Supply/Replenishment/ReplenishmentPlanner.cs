using OmniRetail.Supply.Policies;

namespace OmniRetail.Supply.Replenishment;

/// <summary>A SKU's need as the planner sees it: its policy figures, its position, and what drafts already cover.</summary>
public sealed record SkuNeed(
    string Sku, int Position, double ReorderPoint, int OrderQuantity, int Drafted, string Supplier, string SupplierRisk, string Warehouse,
    decimal UnitCost, AlternativeOffer? Alternative);

public sealed record AlternativeOffer(string Supplier, decimal UnitCost, string Risk);

public sealed record ProposalLine(string Sku, int Position, int Drafted, double ReorderPoint, int OrderQuantity, int Quantity, decimal UnitCost, AlternativeOffer? Alternative);

public sealed record SupplierProposal(string Supplier, string SupplierRisk, string Warehouse, IReadOnlyList<ProposalLine> Lines, decimal Total);

public sealed record CoveredNeed(string Sku, int Position, int Drafted, double ReorderPoint);

public sealed record Proposals(IReadOnlyList<SupplierProposal> Suppliers, IReadOnlyList<CoveredNeed> CoveredByDrafts);

public static class ReplenishmentPlanner
{
    /// <summary>
    /// Every SKU whose position ≤ ROP, ordered in the smallest multiple of its order quantity that lifts the position
    /// above ROP. Units on draft POs count: a need a draft already lifts above ROP is covered, not proposed again.
    /// Grouped by preferred supplier and destination warehouse, one purchase order each.
    /// </summary>
    public static Proposals Plan(IEnumerable<SkuNeed> needs)
    {
        var lines = new List<(SkuNeed Need, ProposalLine Line)>();
        var covered = new List<CoveredNeed>();
        foreach (var need in needs.Where(n => n.Position <= n.ReorderPoint))
        {
            var quantity = PolicyFormulas.ReplenishmentQuantity(need.Position + need.Drafted, need.ReorderPoint, need.OrderQuantity);
            if (quantity == 0)
            {
                covered.Add(new CoveredNeed(need.Sku, need.Position, need.Drafted, need.ReorderPoint));
                continue;
            }

            lines.Add((need, new ProposalLine(need.Sku, need.Position, need.Drafted, need.ReorderPoint, need.OrderQuantity, quantity, need.UnitCost, need.Alternative)));
        }

        var suppliers = lines.GroupBy(l => (l.Need.Supplier, l.Need.Warehouse, l.Need.SupplierRisk))
            .OrderBy(g => g.Key.Supplier, StringComparer.Ordinal).ThenBy(g => g.Key.Warehouse, StringComparer.Ordinal)
            .Select(g => new SupplierProposal(g.Key.Supplier, g.Key.SupplierRisk, g.Key.Warehouse,
                g.Select(l => l.Line).OrderBy(l => l.Sku, StringComparer.Ordinal).ToList(), g.Sum(l => l.Line.Quantity * l.Line.UnitCost)))
            .ToList();
        return new Proposals(suppliers, covered);
    }
}
