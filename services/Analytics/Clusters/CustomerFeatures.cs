namespace OmniRetail.Analytics.Clusters;

/// <summary>
/// What a customer is clustered on: days since their last order; their orders (not cancelled); their net spend less
/// refunds in the base currency; units per order; units returned ÷ units delivered; the share of their orders placed on
/// offline channels and on indirect ones (marketplaces, distributors).
/// </summary>
public sealed record CustomerFeatures(Guid CustomerId, double RecencyDays, double Orders, double Monetary, double BasketSize, double ReturnRate, double OfflineShare,
    double IndirectShare)
{
    public static readonly IReadOnlyList<string> Names = ["recencyDays", "orders", "monetary", "basketSize", "returnRate", "offlineShare", "indirectShare"];

    public double[] Vector() => [RecencyDays, Orders, Monetary, BasketSize, ReturnRate, OfflineShare, IndirectShare];
}

/// <summary>Words for a cluster, from where its centroid stands against all customers' means (half a standard deviation away counts).</summary>
public static class ClusterLabels
{
    public static string Of(double[] centroid, double[] means, double[] deviations)
    {
        string? Side(int feature, string high, string? low) =>
            deviations[feature] == 0 ? null
            : centroid[feature] > means[feature] + 0.5 * deviations[feature] ? high
            : centroid[feature] < means[feature] - 0.5 * deviations[feature] ? low
            : null;

        var words = new List<string?>
        {
            Side(1, "frequent", "occasional"),
            Side(2, "high spend", "low spend"),
            Side(0, "lapsed", "recent"),
            Side(3, "large baskets", "small baskets"),
            Side(4, "returns a lot", null),
            centroid[5] > 0.5 ? "store-heavy" : centroid[6] > 0.5 ? "marketplace-heavy" : "online",
        };
        return string.Join(", ", words.Where(w => w is not null));
    }
}
