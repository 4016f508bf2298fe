using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.Supply.Persistence;

namespace OmniRetail.Supply.Stock;

/// <summary>
/// Whatever changes a SKU's position or alerts holds the SKU's lock until it commits, so two units never raise the same
/// alert twice.
/// </summary>
public static class SkuLocks
{
    public static Task Take(SupplyDbContext db, IReadOnlyCollection<string> skus, CancellationToken cancellationToken) =>
        AdvisoryLocks.Take(db, "supply-sku:", skus, cancellationToken);
}
