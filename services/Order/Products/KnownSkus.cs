using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OmniRetail.Order.Persistence;

namespace OmniRetail.Order.Products;

/// <summary>
/// The SKUs this process has already found in <c>known_products</c>. Products are only ever added there, so a SKU
/// once known stays known and reviewing a typical order needs no query; a SKU not seen yet is always looked up.
/// </summary>
public sealed class KnownSkus
{
    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<string>> Unknown(OrderDbContext db, IReadOnlyCollection<string> skus, CancellationToken cancellationToken)
    {
        var unsure = skus.Where(sku => !_known.ContainsKey(sku)).ToArray();
        if (unsure.Length == 0)
        {
            return [];
        }

        var found = await db.KnownProducts.Where(p => unsure.Contains(p.Sku)).Select(p => p.Sku).ToListAsync(cancellationToken);
        foreach (var sku in found)
        {
            _known.TryAdd(sku, true);
        }

        return unsure.Except(found).ToList();
    }
}
