namespace OmniRetail.Catalog.Products;

public sealed class Product
{
    public required string Sku { get; init; }

    public required string Name { get; set; }

    public required decimal Price { get; set; }

    public required string Currency { get; set; }

    public DateTime UpdatedAt { get; set; }
}
