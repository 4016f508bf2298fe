using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Catalog.Caching;
using OmniRetail.Catalog.Persistence;
using OmniRetail.Catalog.Pricing;
using OmniRetail.Contracts.Catalog;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Catalog.Promotions;

public static partial class PromotionEndpoints
{
    public sealed record DiscountRequest(string? Kind, decimal? Value, int? Buy, int? Get);

    public sealed record PromotionRequest(
        string? Code, string? Name, DateTime? StartsAt, DateTime? EndsAt, string[]? Channels, string[]? Skus, string[]? Categories, DiscountRequest? Discount,
        int? MinQuantity, bool? Stackable, int? Priority);

    public sealed record PromotionResponse(
        string Code, string Name, DateTime StartsAt, DateTime EndsAt, string[] Channels, string[] Skus, string[] Categories, Discount Discount, int MinQuantity,
        bool Stackable, int Priority, DateTime UpdatedAt);

    public sealed record QuoteRequest(string? Channel, DateTime? At, QuoteLineRequest[]? Lines);

    public static void MapPromotions(this WebApplication app)
    {
        var promotions = app.MapGroup("/api/catalog/promotions").WithTags("Promotions and quotes");
        promotions.MapPost("/", Save).RequireAuthorization(StaffPolicies.Operations)
            .WithSummary("Creates a promotion, or replaces it when the code exists: {code, name, startsAt, endsAt, channels (none: all), skus, categories (neither: every product), discount {kind: percent | amount | fixedPrice | buyXGetY, value, buy, get}, minQuantity, stackable, priority}")
            .WithDescription(BasketPricer.Rule)
            .ProducesValidationProblem();
        promotions.MapGet("/", List).RequireAuthorization(StaffPolicies.Staff)
            .WithSummary("Promotions, highest priority first; sku= keeps those covering the SKU, activeAt= those in force at that moment")
            .ProducesValidationProblem();
        promotions.MapGet("/{code}", Get).RequireAuthorization(StaffPolicies.Staff);
        app.MapPost("/api/catalog/quotes", Quote).WithTags("Promotions and quotes").RequireAuthorization(StaffPolicies.Staff)
            .WithSummary("Prices a basket for a channel at a moment (default now): lines [{sku, quantity, listPrice, channelPrice, promotions, discount, netAmount}] and total")
            .WithDescription(BasketPricer.Rule)
            .ProducesValidationProblem();
    }

    private static async Task<IResult> Save(
        PromotionRequest request, CatalogDbContext db, TransactionalOutbox outbox, CatalogCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new InputErrors().Require(request.Code, "code", 64).Require(request.Name, "name", 200);
        if (request.Code is { Length: > 0 } given && !CodePattern().IsMatch(given))
        {
            errors.Add("code", "may contain only letters, digits, '-' and '_'");
        }

        if (request.StartsAt is null)
        {
            errors.Add("startsAt", "is required");
        }

        if (request.EndsAt is null || request.EndsAt <= request.StartsAt)
        {
            errors.Add("endsAt", "is required and must be after startsAt");
        }

        var skus = (request.Skus ?? []).Select(s => s.Trim().ToUpperInvariant()).ToArray();
        var known = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).Select(p => p.Sku).ToListAsync(cancellationToken);
        foreach (var (sku, i) in skus.Select((s, i) => (s, i)).Where(s => !known.Contains(s.s)))
        {
            errors.Add($"skus[{i}]", $"no product with SKU '{sku}'");
        }

        var tree = await cache.Categories(cancellationToken);
        var categories = (request.Categories ?? []).Select(c => c.Trim().ToUpperInvariant()).ToArray();
        foreach (var (category, i) in categories.Select((c, i) => (c, i)).Where(c => !tree.Contains(c.c)))
        {
            errors.Add($"categories[{i}]", $"no category '{category}'");
        }

        CheckDiscount(request.Discount, errors);
        if (request.MinQuantity is < 1)
        {
            errors.Add("minQuantity", "must be at least 1");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var code = request.Code!.ToUpperInvariant();
        var saved = await db.InTransaction(async () =>
        {
            var promotion = await db.Promotions.FindAsync([code], cancellationToken)
                            ?? db.Promotions.Add(new Promotion { Code = code, Name = "", Discount = new Discount(DiscountKinds.Percent, 0, 0, 0) }).Entity;
            promotion.Name = request.Name!.Trim();
            promotion.StartsAt = request.StartsAt!.Value.ToUniversalTime();
            promotion.EndsAt = request.EndsAt!.Value.ToUniversalTime();
            promotion.Channels = [.. (request.Channels ?? []).Select(c => c.Trim()).Distinct()];
            promotion.Skus = [.. skus.Distinct()];
            promotion.Categories = [.. categories.Distinct()];
            var discount = request.Discount!;
            promotion.Discount = new Discount(discount.Kind!, discount.Value ?? 0, discount.Buy ?? 0, discount.Get ?? 0);
            promotion.MinQuantity = request.MinQuantity ?? 1;
            promotion.Stackable = request.Stackable ?? false;
            promotion.Priority = request.Priority ?? 0;
            promotion.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            outbox.Publish(new PromotionChanged
            {
                Code = promotion.Code, Name = promotion.Name, StartsAt = promotion.StartsAt, EndsAt = promotion.EndsAt, Skus = promotion.Skus, Categories = promotion.Categories,
            }, promotion.Code);
            return promotion;
        }, cancellationToken);
        await cache.ForgetPromotions();
        return Results.Ok(View(saved));
    }

    private static void CheckDiscount(DiscountRequest? discount, InputErrors errors)
    {
        if (discount?.Kind is not { } kind || !DiscountKinds.All.Contains(kind))
        {
            errors.Add("discount.kind", $"is required, one of {string.Join(", ", DiscountKinds.All)}");
            return;
        }

        switch (kind)
        {
            case DiscountKinds.Percent when discount.Value is not (> 0 and <= 100):
                errors.Add("discount.value", "a percent discount is more than 0 and at most 100");
                break;
            case DiscountKinds.Amount when discount.Value is not > 0:
                errors.Add("discount.value", "an amount off each unit is more than 0");
                break;
            case DiscountKinds.FixedPrice when discount.Value is not >= 0:
                errors.Add("discount.value", "a fixed price per unit is required and not negative");
                break;
            case DiscountKinds.BuyXGetY:
                if (discount.Buy is not >= 1)
                {
                    errors.Add("discount.buy", "buy-X-get-Y needs buy of at least 1");
                }

                if (discount.Get is not >= 1)
                {
                    errors.Add("discount.get", "buy-X-get-Y needs get of at least 1");
                }

                break;
        }
    }

    private static async Task<IResult> List(string? sku, DateTime? activeAt, CatalogDbContext db, CatalogCache cache, CancellationToken cancellationToken)
    {
        var query = db.Promotions.AsNoTracking();
        if (activeAt is { } at)
        {
            var moment = at.ToUniversalTime();
            query = query.Where(p => p.StartsAt <= moment && p.EndsAt > moment);
        }

        var promotions = await query.ToListAsync(cancellationToken);
        if (sku is { Length: > 0 })
        {
            var code = sku.ToUpperInvariant();
            if (await cache.Product(code, cancellationToken) is not { } product)
            {
                return InputErrors.Single("sku", $"no product with SKU '{sku}'");
            }

            var categories = (await cache.Categories(cancellationToken)).Closure(product.Categories);
            promotions = [.. promotions.Where(p => (p.Skus.Length == 0 && p.Categories.Length == 0) || p.Skus.Contains(code) || p.Categories.Any(categories.Contains))];
        }

        return Results.Ok(promotions.OrderByDescending(p => p.Priority).ThenBy(p => p.Code, StringComparer.Ordinal).Select(View));
    }

    private static async Task<IResult> Get(string code, CatalogDbContext db, CancellationToken cancellationToken) =>
        await db.Promotions.AsNoTracking().SingleOrDefaultAsync(p => p.Code == code.ToUpperInvariant(), cancellationToken) is { } promotion
            ? Results.Ok(View(promotion))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No promotion '{code}'");

    private static async Task<IResult> Quote(QuoteRequest request, Quoting quoting, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new InputErrors().Require(request.Channel, "channel", 32);
        if (request.Lines is not { Length: > 0 and <= 500 })
        {
            errors.Add("lines", "between 1 and 500 lines are required");
        }

        foreach (var (line, i) in (request.Lines ?? []).Select((l, i) => (l, i)))
        {
            if (string.IsNullOrWhiteSpace(line.Sku))
            {
                errors.Add($"lines[{i}].sku", "is required");
            }

            if (line.Quantity is not (>= 1 and <= 100_000))
            {
                errors.Add($"lines[{i}].quantity", "must be between 1 and 100000");
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (quote, refusal) = await quoting.Price(request.Channel!, (request.At ?? clock.GetUtcNow().UtcDateTime).ToUniversalTime(), request.Lines!, cancellationToken);
        return quote is null ? refusal.ToProblem() : Results.Ok(quote);
    }

    private static PromotionResponse View(Promotion p) =>
        new(p.Code, p.Name, p.StartsAt, p.EndsAt, p.Channels, p.Skus, p.Categories, p.Discount, p.MinQuantity, p.Stackable, p.Priority, p.UpdatedAt);

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex CodePattern();
}
