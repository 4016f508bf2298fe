using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Catalog.Caching;
using OmniRetail.Catalog.Persistence;
using OmniRetail.Contracts.Catalog;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Catalog.Products;

public static partial class ProductEndpoints
{
    /// <summary>A product's fields; on PUT a field left out stays as it is.</summary>
    public sealed record ProductRequest(
        string? Sku, string? Name, decimal? Price, string? Currency, string[]? Categories = null, string? Brand = null, string? Gtin = null,
        int? WeightGrams = null, decimal? CostPrice = null, string? Status = null, Dictionary<string, string>? Attributes = null);

    public sealed record ProductResponse(
        string Sku, string Name, decimal Price, string Currency, string[] Categories, string? Brand, string? Gtin, int? WeightGrams, decimal? CostPrice,
        string Status, Dictionary<string, string> Attributes, DateTime UpdatedAt);

    public static void MapProducts(this WebApplication app)
    {
        var products = app.MapGroup("/api/catalog/products").WithTags("Products");
        products.MapPost("/", Register).RequireAuthorization(StaffPolicies.Operations)
            .WithSummary("Registers a product, or updates it when the SKU exists")
            .ProducesValidationProblem();
        products.MapPut("/{sku}", Update).RequireAuthorization(StaffPolicies.Operations)
            .WithSummary("Updates a product: name, price, currency, categories, brand, gtin, weightGrams, costPrice, status (active | discontinued), attributes; a field left out stays as it is")
            .WithDescription("A discontinued product is shown as 0 available on every channel. gtin must be 8, 12, 13 or 14 digits with a valid GS1 check digit.")
            .ProducesValidationProblem();
        products.MapGet("/", List).RequireAuthorization(StaffPolicies.Staff)
            .WithSummary("Products by SKU, paged (limit, cursor); category= keeps those filed under the category or any category below it; q= matches SKU, name, brand or GTIN")
            .ProducesValidationProblem();
        products.MapGet("/{sku}", Get).RequireAuthorization(StaffPolicies.Staff).WithName("GetProduct");
    }

    private static async Task<IResult> Register(ProductRequest request, CatalogDbContext db, TransactionalOutbox outbox, CatalogCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new InputErrors().Require(request.Sku, "sku", 64).Require(request.Name, "name", 200).Require(request.Currency, "currency", 3);
        if (request.Sku is { Length: > 0 } sku && !SkuPattern().IsMatch(sku))
        {
            errors.Add("sku", "may contain only letters, digits, '-', '_' and '.'");
        }

        if (request.Price is null)
        {
            errors.Add("price", "is required and must not be negative");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var normalizedSku = request.Sku!.ToUpperInvariant();
        return await Save(normalizedSku, request, create: true, db, outbox, cache, clock, cancellationToken);
    }

    private static async Task<IResult> Update(string sku, ProductRequest request, CatalogDbContext db, TransactionalOutbox outbox, CatalogCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Sku is { } given && !given.Equals(sku, StringComparison.OrdinalIgnoreCase))
        {
            return InputErrors.Single("sku", "must match the SKU in the path (or be left out)");
        }

        return await Save(sku.ToUpperInvariant(), request, create: false, db, outbox, cache, clock, cancellationToken);
    }

    private static async Task<IResult> Save(
        string sku, ProductRequest request, bool create, CatalogDbContext db, TransactionalOutbox outbox, CatalogCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var tree = await cache.Categories(cancellationToken);
        var errors = Check(request, tree);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var outcome = await db.InTransaction(async () =>
        {
            var product = await db.Products.SingleOrDefaultAsync(p => p.Sku == sku, cancellationToken);
            if (product is null && !create)
            {
                return ((Product?)null, false);
            }

            var created = product is null;
            product ??= db.Products.Add(new Product { Sku = sku, Name = "", Price = 0, Currency = "" }).Entity;
            product.Name = request.Name?.Trim() ?? product.Name;
            product.Price = request.Price ?? product.Price;
            product.Currency = request.Currency?.ToUpperInvariant() ?? product.Currency;
            product.Categories = request.Categories?.Select(c => c.Trim().ToUpperInvariant()).Distinct().ToArray() ?? product.Categories;
            product.Brand = request.Brand is null ? product.Brand : Blank(request.Brand);
            product.Gtin = request.Gtin is null ? product.Gtin : Blank(request.Gtin);
            product.WeightGrams = request.WeightGrams ?? product.WeightGrams;
            product.CostPrice = request.CostPrice ?? product.CostPrice;
            product.Status = request.Status ?? product.Status;
            product.Attributes = request.Attributes ?? product.Attributes;
            product.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            outbox.Publish(new ProductRegistered
            {
                Sku = product.Sku, Name = product.Name, Price = product.Price, Currency = product.Currency, Status = product.Status, ChangedAt = product.UpdatedAt,
                Brand = product.Brand, Gtin = product.Gtin, Categories = [.. tree.Closure(product.Categories)], CostPrice = product.CostPrice, WeightGrams = product.WeightGrams,
            }, product.Sku);
            return (product, created);
        }, cancellationToken);
        if (outcome.Item1 is not { } saved)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No product with SKU '{sku}'");
        }

        await cache.ForgetProduct(sku);
        var response = ToResponse(saved);
        return outcome.Item2 ? Results.CreatedAtRoute("GetProduct", new { sku }, response) : Results.Ok(response);
    }

    private static InputErrors Check(ProductRequest request, Categories.CategoryTree tree)
    {
        var errors = new InputErrors();
        if (request.Name is { } name && (name.Trim().Length == 0 || name.Length > 200))
        {
            errors.Add("name", "must be 1 to 200 characters");
        }

        if (request.Price is < 0)
        {
            errors.Add("price", "is required and must not be negative");
        }

        if (request.Currency is { } currency && !CurrencyPattern().IsMatch(currency))
        {
            errors.Add("currency", "must be an ISO 4217 code such as EUR");
        }

        foreach (var (code, i) in (request.Categories ?? []).Select((c, i) => (c, i)))
        {
            if (!tree.Contains(code.Trim().ToUpperInvariant()))
            {
                errors.Add($"categories[{i}]", $"no category '{code}' (POST /api/catalog/categories first)");
            }
        }

        if (request.Brand is { Length: > 100 })
        {
            errors.Add("brand", "must be at most 100 characters");
        }

        if (request.Gtin is { Length: > 0 } gtin && !Gtins.IsValid(gtin))
        {
            errors.Add("gtin", "must be 8, 12, 13 or 14 digits ending in a valid GS1 check digit");
        }

        if (request.WeightGrams is < 0 or > 100_000_000)
        {
            errors.Add("weightGrams", "must be between 0 and 100000000 (grams of one unit)");
        }

        if (request.CostPrice is < 0)
        {
            errors.Add("costPrice", "must not be negative");
        }

        if (request.Status is { } status && !ProductStatuses.All.Contains(status))
        {
            errors.Add("status", $"must be one of {string.Join(", ", ProductStatuses.All)}");
        }

        if (request.Attributes is { } attributes && (attributes.Count > 50 || attributes.Any(a => a.Key.Length is 0 or > 64 || a.Value is null || a.Value.Length > 500)))
        {
            errors.Add("attributes", "at most 50, each a name of 1 to 64 characters with a value of at most 500");
        }

        return errors;
    }

    private static async Task<IResult> List(string? category, string? q, int? limit, string? cursor, CatalogDbContext db, CatalogCache cache, CancellationToken cancellationToken)
    {
        if (Paging.Read(limit, cursor, out string? after) is { } refusal)
        {
            return refusal;
        }

        var query = db.Products.AsNoTracking();
        if (category is { Length: > 0 })
        {
            var tree = await cache.Categories(cancellationToken);
            var code = category.ToUpperInvariant();
            if (!tree.Contains(code))
            {
                return InputErrors.Single("category", $"no category '{category}'");
            }

            var codes = tree.SelfAndDescendants(code).ToArray();
            query = query.Where(p => p.Categories.Any(c => codes.Contains(c)));
        }

        if (q is { Length: > 0 })
        {
            var pattern = $"%{q.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
            query = query.Where(p => EF.Functions.ILike(p.Sku, pattern) || EF.Functions.ILike(p.Name, pattern)
                                     || (p.Brand != null && EF.Functions.ILike(p.Brand, pattern)) || p.Gtin == q);
        }

        if (after is not null)
        {
            query = query.Where(p => string.Compare(p.Sku, after) > 0);
        }

        var size = Paging.Size(limit);
        var rows = await query.OrderBy(p => p.Sku).Take(size + 1).ToListAsync(cancellationToken);
        return Results.Ok(Paging.PageOf(rows, size, ToResponse, p => p.Sku));
    }

    private static async Task<IResult> Get(string sku, CatalogCache cache, CancellationToken cancellationToken) =>
        await cache.Product(sku.ToUpperInvariant(), cancellationToken) is { } product
            ? Results.Ok(ToResponse(product))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No product with SKU '{sku}'");

    private static ProductResponse ToResponse(Product product) => new(
        product.Sku, product.Name, product.Price, product.Currency, product.Categories, product.Brand, product.Gtin, product.WeightGrams, product.CostPrice,
        product.Status, product.Attributes, product.UpdatedAt);

    private static string? Blank(string value) => value.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SkuPattern();

    [GeneratedRegex("^[A-Za-z]{3}$")]
    private static partial Regex CurrencyPattern();
}

/// <summary>GS1 trade item numbers: the last digit checks the others (weights 3 and 1 alternating from the right).</summary>
public static class Gtins
{
    public static bool IsValid(string gtin)
    {
        if (gtin.Length is not (8 or 12 or 13 or 14) || !gtin.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        var weight = 3;
        for (var i = gtin.Length - 2; i >= 0; i--)
        {
            sum += (gtin[i] - '0') * weight;
            weight = 4 - weight;
        }

        return (10 - (sum % 10)) % 10 == gtin[^1] - '0';
    }
}
