namespace OmniRetail.Inventory.Warehouses;

public sealed class Warehouse
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string Country { get; set; }

    public required string Region { get; set; }
}
