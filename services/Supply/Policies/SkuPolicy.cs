namespace OmniRetail.Supply.Policies;

/// <summary>The last computed policy of a SKU; the columns are what lists filter on, the document is what the API shows.</summary>
public sealed class SkuPolicy
{
    public required string Sku { get; init; }

    public required DateTime ComputedAt { get; set; }

    public required string Abc { get; set; }

    public required string Xyz { get; set; }

    public required string Status { get; set; }

    public required SkuPolicyView View { get; set; }
}
