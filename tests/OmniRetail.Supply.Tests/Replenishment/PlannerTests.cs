using OmniRetail.Supply.Replenishment;

namespace OmniRetail.Supply.Tests.Replenishment;

public sealed class PlannerTests
{
    private static SkuNeed Need(string sku, int position, double rop, int q, int drafted = 0, string supplier = "ACME", string warehouse = "BER") =>
        new(sku, position, rop, q, drafted, supplier, "low", warehouse, 4m, null);

    [Fact]
    public void Skus_at_or_below_their_reorder_point_are_proposed_grouped_by_supplier_and_warehouse()
    {
        var proposals = ReplenishmentPlanner.Plan(
        [
            Need("A", 100, 209.3, 855),
            Need("B", 209, 209.3, 100, supplier: "BOLT"),
            Need("C", -900, 209.3, 500),
            Need("D", 300, 209.3, 855),
        ]);

        proposals.Suppliers.Count.ShouldBe(2);
        var acme = proposals.Suppliers.Single(s => s.Supplier == "ACME");
        acme.Lines.Select(l => (l.Sku, l.Quantity)).ShouldBe([("A", 855), ("C", 1500)]);
        acme.Total.ShouldBe((855 + 1500) * 4m);
        proposals.Suppliers.Single(s => s.Supplier == "BOLT").Lines.Single().Quantity.ShouldBe(100);
    }

    [Fact]
    public void Units_on_draft_orders_cover_a_need_so_it_is_not_proposed_twice()
    {
        var proposals = ReplenishmentPlanner.Plan([Need("A", 100, 209.3, 855, drafted: 855), Need("C", -900, 209.3, 500, drafted: 500)]);

        proposals.CoveredByDrafts.Select(c => c.Sku).ShouldBe(["A"]);
        // -900 + 500 drafted = -400: two more packs of 500 lift it to 600 > 209.3.
        proposals.Suppliers.Single().Lines.Single().Quantity.ShouldBe(1000);
    }

    [Fact]
    public void Rebalancing_moves_free_stock_towards_each_warehouses_share_of_the_reorder_point()
    {
        // ROP 100, shipments 30 : 70, so targets 30 and 70; BER holds 90 free (60 over), MUC 10 (60 under).
        var transfers = RebalancingPlanner.Plan("A", 100, [new WarehouseStock("BER", 90, 30), new WarehouseStock("MUC", 10, 70)]);

        transfers.ShouldHaveSingleItem().ShouldBe(transfers[0] with { From = "BER", To = "MUC", Quantity = 60 });
    }

    [Fact]
    public void Rebalancing_never_moves_more_than_either_side_can_and_needs_a_basis_to_split_by()
    {
        // Targets 50 / 50: BER 20 over, MUC 45 under: only 20 move.
        RebalancingPlanner.Plan("A", 100, [new WarehouseStock("BER", 70, 5), new WarehouseStock("MUC", 5, 5)]).Single().Quantity.ShouldBe(20);
        RebalancingPlanner.Plan("A", 100, [new WarehouseStock("BER", 70, 0), new WarehouseStock("MUC", 5, 0)]).ShouldBeEmpty();
    }
}
