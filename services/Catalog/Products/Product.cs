using OmniRetail.Contracts.Catalog;

namespace OmniRetail.Catalog.Products;

public sealed class Product
{
    public required string Sku { get; init; }

    public required string Name { get; set; }

    /// <summary>The list price of one unit.</summary>
    public required decimal Price { get; set; }

    public required string Currency { get; set; }

    /// <summary>Category codes the product is filed under (each a node of the category tree).</summary>
    public string[] Categories { get; set; } = [];

    public string? Brand { get; set; }

    /// <summary>GS1 trade item number (GTIN-8, -12, -13 or -14), check digit verified.</summary>
    public string? Gtin { get; set; }

    /// <summary>One unit's shipping weight, what carrier rates are chosen by.</summary>
    public int? WeightGrams { get; set; }

    public decimal? CostPrice { get; set; }

    /// <summary><see cref="ProductStatuses"/>.</summary>
    public string Status { get; set; } = ProductStatuses.Active;

    public Dictionary<string, string> Attributes { get; set; } = [];

    public DateTime UpdatedAt { get; set; }
}
