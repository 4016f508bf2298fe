using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Catalog.Persistence;
using OmniRetail.Contracts.Catalog;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Catalog.Products;

public static partial class ProductEndpoints
{
    public sealed record ProductRequest(string? Sku, string? Name, decimal? Price, string? Currency);

    public sealed record ProductResponse(string Sku, string Name, decimal Price, string Currency, DateTime UpdatedAt);

    public static void MapProducts(this WebApplication app)
    {
        var products = app.MapGroup("/api/catalog/products").WithTags("Products");
        products.MapPost("/", Register).RequireAuthorization(StaffPolicies.Operations)
            .WithSummary("Registers a product, or updates its name and price when the SKU exists")
            .ProducesValidationProblem();
        products.MapGet("/{sku}", Get).RequireAuthorization(StaffPolicies.Staff).WithName("GetProduct");
    }

    private static async Task<IResult> Register(ProductRequest request, CatalogDbContext db, TransactionalOutbox outbox, TimeProvider clock)
    {
        var errors = new InputErrors().Require(request.Sku, "sku", 64).Require(request.Name, "name", 200).Require(request.Currency, "currency", 3);
        if (request.Sku is { Length: > 0 } sku && !SkuPattern().IsMatch(sku))
        {
            errors.Add("sku", "may contain only letters, digits, '-', '_' and '.'");
        }

        if (request.Price is not { } price || price < 0)
        {
            errors.Add("price", "is required and must not be negative");
        }

        if (request.Currency is { Length: > 0 } currency && !CurrencyPattern().IsMatch(currency))
        {
            errors.Add("currency", "must be an ISO 4217 code such as EUR");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var normalizedSku = request.Sku!.ToUpperInvariant();
        var product = await db.Products.SingleOrDefaultAsync(p => p.Sku == normalizedSku);
        var created = product is null;
        product ??= db.Products.Add(new Product { Sku = normalizedSku, Name = "", Price = 0, Currency = "" }).Entity;
        product.Name = request.Name!.Trim();
        product.Price = request.Price!.Value;
        product.Currency = request.Currency!.ToUpperInvariant();
        product.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        outbox.Publish(new ProductRegistered { Sku = product.Sku, Name = product.Name, Price = product.Price, Currency = product.Currency }, product.Sku);
        await db.SaveChangesAsync();
        var response = ToResponse(product);
        return created ? Results.CreatedAtRoute("GetProduct", new { sku = product.Sku }, response) : Results.Ok(response);
    }

    private static async Task<IResult> Get(string sku, CatalogDbContext db)
    {
        var product = await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Sku == sku.ToUpperInvariant());
        return product is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No product with SKU '{sku}'")
            : Results.Ok(ToResponse(product));
    }

    private static ProductResponse ToResponse(Product product) => new(product.Sku, product.Name, product.Price, product.Currency, product.UpdatedAt);

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SkuPattern();

    [GeneratedRegex("^[A-Za-z]{3}$")]
    private static partial Regex CurrencyPattern();
}
