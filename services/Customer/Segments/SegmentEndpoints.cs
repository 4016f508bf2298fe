using Microsoft.EntityFrameworkCore;
using OmniRetail.Customer.Persistence;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Customer.Segments;

public static class SegmentEndpoints
{
    public sealed record SegmentCount(string Segment, int Customers);

    public sealed record SegmentsView(IReadOnlyList<SegmentCount> Segments, int Unscored, DateTime? ScoredAt);

    public static void MapSegments(this WebApplication app)
    {
        var segments = app.MapGroup("/api/customers/segments").WithTags("Segments");
        segments.MapGet("/", Counts).RequireAuthorization(StaffPolicies.Staff).WithSummary("How many customers are in each RFM segment");
        segments.MapPost("/recompute", async (SegmentRecompute recompute, CancellationToken ct) => Results.Ok(await recompute.All(ct)))
            .RequireAuthorization(StaffPolicies.CustomerService)
            .WithSummary("Scores every customer now (it also runs nightly, Customer:Segments:Schedule)")
            .WithDescription("""
                recency = whole days since the customer's last order that was not cancelled; frequency = such orders placed in the last
                365 days; monetary = their net amounts less refunds over those 365 days, in Retail:BaseCurrency (other currencies at
                Retail:ExchangeRates). Each is scored 1–5 by quintile among the customers scored: 1 + ⌊5 × (customers strictly worse) ÷
                (customers scored)⌋. FM = ⌈(F + M) ÷ 2⌉, and the segment is the first that matches: Champions R ≥ 4 and FM ≥ 4;
                Loyal R = 3 and FM ≥ 4; Potential loyalist R ≥ 3 and FM 2–3; New R ≥ 4 and FM = 1; Cannot lose R ≤ 2 and FM = 5;
                At risk R ≤ 2 and FM 3–4; Hibernating R = 2, or R = 3 and FM = 1; Lost otherwise.
                """);
    }

    private static async Task<IResult> Counts(CustomerDbContext db, CancellationToken cancellationToken)
    {
        var active = db.Customers.AsNoTracking().Where(c => c.MergedInto == null && c.ErasedAt == null);
        var counts = await active.Where(c => c.Segment != null).GroupBy(c => c.Segment!).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return Results.Ok(new SegmentsView(
            Rfm.Segments.Select(segment => new SegmentCount(segment, counts.SingleOrDefault(c => c.Key == segment)?.Count ?? 0)).ToList(),
            await active.CountAsync(c => c.Segment == null, cancellationToken),
            await active.MaxAsync(c => c.ScoredAt, cancellationToken)));
    }
}
