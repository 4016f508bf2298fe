using Microsoft.EntityFrameworkCore;
using OmniRetail.Analytics.Kpis;
using OmniRetail.Analytics.Persistence;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Analytics.Clusters;

public sealed record ClusterView(int Cluster, int Size, IReadOnlyDictionary<string, double> Centroid, string Label);

public sealed record ClustersView(int K, double Silhouette, int Customers, IReadOnlyList<string> Features, IReadOnlyList<ClusterView> Clusters);

public sealed record CustomerClusterView(Guid CustomerId, int Cluster, string Label, IReadOnlyDictionary<string, double> Features);

/// <summary>Clusters the customers who ordered in the last 365 days (orders not cancelled) on <see cref="CustomerFeatures"/>.</summary>
public sealed class CustomerClusters(AnalyticsDbContext db, KpiReader money, TimeProvider clock)
{
    /// <summary>k is chosen on at most this many customers (a seeded sample): the silhouette costs the square of the count.</summary>
    public const int ChoiceSample = 1500;

    public sealed record Result(ClustersView View, IReadOnlyList<CustomerFeatures> Customers, int[] Assignments, string[] Labels);

    public async Task<Result?> Compute(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId != null && o.PlacedAt >= now.AddDays(-365) && o.CancelledAt == null).ToListAsync(cancellationToken);
        var types = await db.Channels.AsNoTracking().ToDictionaryAsync(c => c.Code, cancellationToken);
        var customers = orders.GroupBy(o => o.CustomerId!.Value).Select(g =>
        {
            var delivered = g.Where(o => o.DeliveredAt is not null).ToList();
            var list = g.ToList();
            return new CustomerFeatures(g.Key, (now - g.Max(o => o.PlacedAt!.Value)).TotalDays, list.Count,
                (double)list.Sum(o => money.ToBase(o.NetAmount - o.RefundedAmount, o.Currency)), list.Average(o => (double)o.Units),
                delivered.Sum(o => o.Units) == 0 ? 0 : (double)delivered.Sum(o => o.UnitsReturned) / delivered.Sum(o => o.Units),
                list.Count(o => (types.GetValueOrDefault(o.Channel)?.Presence ?? (o.ChannelKind == "store" ? "offline" : "online")) == "offline") / (double)list.Count,
                list.Count(o => types.GetValueOrDefault(o.Channel)?.Ownership == "indirect") / (double)list.Count);
        }).OrderBy(c => c.CustomerId).ToList();
        if (customers.Count < 3)
        {
            return null;
        }

        var raw = customers.Select(c => c.Vector()).ToList();
        var points = KMeans.Standardise(raw);
        var shuffle = new Random(17);
        var sample = points.Length <= ChoiceSample ? points : points.OrderBy(_ => shuffle.Next()).Take(ChoiceSample).ToArray();
        var k = KMeans.Best(sample)!.K;
        var clustering = KMeans.Fit(points, k);
        var dims = CustomerFeatures.Names.Count;
        var means = Enumerable.Range(0, dims).Select(d => raw.Average(v => v[d])).ToArray();
        var deviations = Enumerable.Range(0, dims).Select(d => Math.Sqrt(raw.Average(v => (v[d] - means[d]) * (v[d] - means[d])))).ToArray();
        var clusters = Enumerable.Range(0, k).Select(c =>
        {
            var members = raw.Where((_, i) => clustering.Assignments[i] == c).ToList();
            var centroid = Enumerable.Range(0, dims).Select(d => members.Count == 0 ? 0 : members.Average(v => v[d])).ToArray();
            return (View: new ClusterView(c, members.Count, Named(centroid), ClusterLabels.Of(centroid, means, deviations)), centroid);
        }).ToList();
        return new Result(new ClustersView(k, Math.Round(clustering.Silhouette, 4), customers.Count, CustomerFeatures.Names, clusters.Select(c => c.View).ToList()),
            customers, clustering.Assignments, clusters.Select(c => c.View.Label).ToArray());
    }

    public static IReadOnlyDictionary<string, double> Named(double[] values) =>
        CustomerFeatures.Names.Select((name, d) => (name, value: Math.Round(values[d], 4))).ToDictionary(p => p.name, p => p.value);

    public static void Map(WebApplication app)
    {
        var group = app.MapGroup("/api/analytics/customer-clusters").WithTags("Customer clusters").RequireAuthorization(StaffPolicies.Analytics);
        const string description =
            "Customers who ordered in the last 365 days, on their recency (days), orders, monetary (net less refunds, base currency), basket size (units per order), return rate (units returned ÷ delivered) and share of orders on offline and on indirect channels; features standardised (z-scores), k-means (k-means++ seeds, seeded restarts) with k between 2 and 8 chosen by the highest mean silhouette (on a seeded sample of at most 1500 customers). Each cluster's centroid is in original units; its label names what stands half a standard deviation or more from all customers' means.";
        group.MapGet("/", async (string? format, HttpRequest request, CustomerClusters clusters, CancellationToken ct) =>
                await clusters.Compute(ct) is not { } result ? NotEnough()
                : !Reports.Csv.Wanted(request, format) ? Results.Ok(result.View)
                : Reports.Csv.Of("customer-clusters.csv", ["cluster", "size", "label", .. CustomerFeatures.Names],
                    result.View.Clusters.Select(c => (IReadOnlyList<object?>)[c.Cluster, c.Size, c.Label, .. CustomerFeatures.Names.Select(n => (object?)c.Centroid[n])])))
            .WithSummary("Customer clusters: size, centroid and label of each").WithDescription(description);
        group.MapGet("/{customerId:guid}", async (Guid customerId, CustomerClusters clusters, CancellationToken ct) =>
            {
                if (await clusters.Compute(ct) is not { } result)
                {
                    return NotEnough();
                }

                var index = result.Customers.ToList().FindIndex(c => c.CustomerId == customerId);
                return index < 0
                    ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "This customer has no orders in the last 365 days")
                    : Results.Ok(new CustomerClusterView(customerId, result.Assignments[index], result.Labels[result.Assignments[index]], Named(result.Customers[index].Vector())));
            })
            .WithSummary("One customer's cluster and features").WithDescription(description);
    }

    private static IResult NotEnough() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not enough customers to cluster (at least 3 with orders in the last 365 days)");
}
