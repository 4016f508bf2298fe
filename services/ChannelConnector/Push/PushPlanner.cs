using Microsoft.EntityFrameworkCore;
using OmniRetail.ChannelConnector.Outbound;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.Contracts.Channels;

namespace OmniRetail.ChannelConnector.Push;

/// <summary>Which (channel, SKU) pairs a change touches: every channel, every SKU, or the ones named.</summary>
public sealed record PushScope(IReadOnlyCollection<string>? Channels, IReadOnlyCollection<string>? Skus)
{
    public static PushScope ForSkus(IReadOnlyCollection<string> skus) => new(null, skus);

    public static PushScope ForChannel(string channel) => new([channel], null);

    public static PushScope For(string channel, string sku) => new([channel], [sku]);
}

/// <summary>
/// Works out what each channel should show (available-to-sell, price) after a change, and records it as wanted in the
/// same transaction as the change: a wanted value is as durable as the change that caused it, and a restart between the
/// two cannot lose it. Only values that differ from the wanted ones take a new sequence number, so a burst of changes
/// that ends where it started costs the channel nothing. Committing wakes the push workers (<c>NOTIFY</c>).
/// </summary>
public sealed class PushPlanner(ChannelDbContext db)
{
    public const string WakeUpChannel = "channel_push";

    /// <summary>Channels with an API of their own; a store's till reads nothing back.</summary>
    public static readonly string[] PushedKinds = [ChannelKinds.Shopify, ChannelKinds.WooCommerce, ChannelKinds.Generic];

    /// <summary>Call inside the unit of work that made the change, after the change is saved.</summary>
    /// <param name="force">Send every value again even if unchanged (a full reconciliation).</param>
    public async Task Plan(PushScope scope, bool force, CancellationToken cancellationToken)
    {
        var channels = await db.Channels.AsNoTracking()
            .Where(c => c.ProtectedOutbound != null && PushedKinds.Contains(c.Kind))
            .Where(c => scope.Channels == null || scope.Channels.Contains(c.Code))
            .Select(c => c.Code).ToListAsync(cancellationToken);
        if (channels.Count == 0)
        {
            return;
        }

        // A delisted SKU the channel was told about is told 0 once, so the channel stops selling it.
        var listings = await db.Listings.AsNoTracking()
            .Where(l => channels.Contains(l.ChannelCode) && (scope.Skus == null || scope.Skus.Contains(l.Sku)))
            .Where(l => l.Listed || db.Pushes.Any(p => p.ChannelCode == l.ChannelCode && p.Sku == l.Sku))
            .ToListAsync(cancellationToken);
        if (listings.Count == 0)
        {
            return;
        }

        var skus = listings.Select(l => l.Sku).Distinct().ToArray();
        // Locked first, so a unit of work that changes stock and one that changes a rule see each other's result:
        // whichever commits last computed from what the other committed.
        await db.Database.ExecuteSqlAsync(
            $"SELECT count(*) FROM (SELECT 1 FROM warehouse_availability WHERE \"Sku\" = ANY({skus}) ORDER BY \"Sku\", \"Warehouse\" FOR SHARE) locked",
            cancellationToken);
        var facts = await AvailabilityFacts.Load(db, skus, cancellationToken);
        var prices = await db.ListPrices.AsNoTracking().Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, cancellationToken);

        var wanted = listings.Select(listing =>
        {
            var product = prices.GetValueOrDefault(listing.Sku);
            var sellable = listing.Listed && product is not { Discontinued: true };
            var stock = sellable ? facts.For(facts.Channels[listing.ChannelCode], listing.Sku).Ats : 0;
            var price = listing.Listed ? listing.Price ?? product?.Price : null;
            return (listing.ChannelCode, listing.Sku, stock, price, product?.Currency);
        }).ToList();

        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO channel_pushes AS p ("ChannelCode", "Sku", "StockValue", "StockSequence", "StockSettledSequence", "PriceValue", "Currency",
                "PriceSequence", "PriceSettledSequence", "ChangedAt", "Due", "FailedAttempts", "FailedRounds")
            SELECT w.channel, w.sku, w.stock, nextval('push_sequence'), 0, w.price, w.currency,
                CASE WHEN w.price IS NULL THEN 0 ELSE nextval('push_sequence') END, 0, now(), now(), 0, 0
            FROM unnest({wanted.Select(w => w.ChannelCode).ToArray()}::text[], {wanted.Select(w => w.Sku).ToArray()}::text[],
                {wanted.Select(w => w.stock).ToArray()}::integer[], {wanted.Select(w => w.price).ToArray()}::numeric[],
                {wanted.Select(w => w.Currency).ToArray()}::text[]) AS w(channel, sku, stock, price, currency)
            ON CONFLICT ("ChannelCode", "Sku") DO UPDATE SET
                "StockSequence" = CASE WHEN {force} OR p."StockValue" <> excluded."StockValue" THEN nextval('push_sequence') ELSE p."StockSequence" END,
                "PriceSequence" = CASE WHEN excluded."PriceValue" IS NOT NULL AND ({force} OR p."PriceValue" IS DISTINCT FROM excluded."PriceValue"
                    OR p."Currency" IS DISTINCT FROM excluded."Currency") THEN nextval('push_sequence') ELSE p."PriceSequence" END,
                "StockValue" = excluded."StockValue",
                "PriceValue" = COALESCE(excluded."PriceValue", p."PriceValue"),
                "Currency" = COALESCE(excluded."Currency", p."Currency"),
                "ChangedAt" = now(),
                "Due" = CASE WHEN {force} OR p."FailedRounds" = 0 THEN now() ELSE p."Due" END,
                "FailedRounds" = CASE WHEN {force} THEN 0 ELSE p."FailedRounds" END
            WHERE {force} OR p."StockValue" <> excluded."StockValue" OR (excluded."PriceValue" IS NOT NULL
                AND (p."PriceValue" IS DISTINCT FROM excluded."PriceValue" OR p."Currency" IS DISTINCT FROM excluded."Currency"));
            SELECT pg_notify({WakeUpChannel}, '');
            """, cancellationToken);
    }
}
