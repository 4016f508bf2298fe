using Microsoft.EntityFrameworkCore;
using OmniRetail.Analytics.Facts;
using OmniRetail.Analytics.Persistence;
using OmniRetail.Analytics.Reports;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Analytics.Kpis;

public static class KpiEndpoints
{
    public const int MaxPeriods = 400;

    public sealed record PeriodFigures(DateTime Start, DateTime End, KpiFigures Figures);

    public sealed record KpiReport(
        DateTime From, DateTime To, string? Channel, string Granularity, string BaseCurrency, KpiFigures Total, PeriodFigures Previous, IReadOnlyList<PeriodFigures> Periods);

    public sealed record BreakdownRow(string Key, int Orders, int CancelledOrders, int Units, decimal NetRevenue, decimal? AverageOrderValue);

    /// <summary>A best seller with its stock as Inventory last told it (null when it has not).</summary>
    public sealed record TopProduct(string Sku, int Orders, int CancelledOrders, int Units, decimal NetRevenue, decimal? AverageOrderValue, int? OnHand, int? Available);

    public sealed record BreakdownReport(string By, DateTime From, DateTime To, string BaseCurrency, IReadOnlyList<BreakdownRow> Rows);

    public static readonly IReadOnlyList<string> BreakdownKeys = ["channel", "channelType", "category", "region", "sku"];

    private const string RangeDescription =
        "`from` and `to` are ISO 8601 date-times (a bare date means midnight UTC), `from` inclusive, `to` exclusive; an order belongs to the period of its `placedAt`. Money is in Retail:BaseCurrency (other currencies at Retail:ExchangeRates). Add `?format=csv` or `Accept: text/csv` for CSV.";

    public static void MapKpis(this WebApplication app)
    {
        var analytics = app.MapGroup("/api/analytics").WithTags("Analytics").RequireAuthorization(StaffPolicies.Analytics);
        analytics.MapGet("/kpis", Kpis).ProducesValidationProblem()
            .WithSummary("KPIs per period and for the whole range, with the previous range of equal length beside it")
            .WithDescription(RangeDescription + """

                - orders: placed (cancelled included); cancelledOrders; units: of the orders not cancelled
                - netRevenue: placed − cancelled − refunded (net amounts of the lines, discounts and promotions taken off)
                - averageOrderValue = netRevenue ÷ orders not cancelled
                - sessions (distinct session ids reported with type session); conversionRate = orders ÷ sessions; funnel: sessions, productViews, addToCarts, checkoutsStarted, orders
                - cancellationRate = cancelledOrders ÷ orders; returnRate = units returned ÷ units delivered (of the period's orders)
                - csat = CSAT answers of 4–5 ÷ CSAT answers; nps = 100 × (promoters 9–10 − detractors 0–6) ÷ NPS answers (answers by their own time)
                - newCustomers: first order ever (any channel) in the period; returningCustomers: the others who ordered in it (customers told apart by the Customer service's id where it has linked the order, else by the e-mail's keyed hash)
                - leadTimes: placed → shipped and shipped → delivered in hours, p50 and p90 by nearest rank (⌈p·n⌉-th smallest)
                Rates are fractions between 0 and 1, null when there is nothing to divide by.
                """);
        analytics.MapGet("/breakdown", Breakdown).ProducesValidationProblem()
            .WithSummary("Orders, units and net revenue by channel, channelType (presence/ownership), category, region (ship-to country) or sku")
            .WithDescription(RangeDescription + " By sku and category, a line counts for its SKU (and each of the SKU's categories) and refunds are not split over lines.");
        analytics.MapGet("/top-products", TopProducts).ProducesValidationProblem()
            .WithSummary("The best-selling SKUs by units of orders not cancelled (then net revenue), with their stock now")
            .WithDescription(RangeDescription + " `limit` 1–100, default 10. `onHand` and `available` are Inventory's latest position of the SKU.");
    }

    private static IResult? ReadRange(string? from, string? to, out DateTime start, out DateTime end, InputErrors errors)
    {
        end = default;
        if (!Periods.TryParse(from, out start))
        {
            errors.Add("from", "is required: an ISO 8601 date-time or date");
        }

        if (!Periods.TryParse(to, out end))
        {
            errors.Add("to", "is required: an ISO 8601 date-time or date");
        }
        else if (start != default && end <= start)
        {
            errors.Add("to", "must be after from");
        }

        return errors.Any ? errors.ToProblem() : null;
    }

    private static async Task<IResult> Kpis(string? from, string? to, string? channel, string? granularity, string? format, HttpRequest request, KpiReader reader,
        CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        var grain = granularity ?? Granularity.Day;
        if (!Granularity.All.Contains(grain))
        {
            errors.Add("granularity", $"must be one of {string.Join(", ", Granularity.All)}");
        }

        if (ReadRange(from, to, out var start, out var end, errors) is { } refused)
        {
            return refused;
        }

        var periods = Periods.Of(start, end, grain);
        if (periods.Count > MaxPeriods)
        {
            return InputErrors.Single("granularity", $"gives {periods.Count} periods; at most {MaxPeriods} (choose a coarser one or a shorter range)");
        }

        var previousStart = start - (end - start);
        var range = await reader.Load(previousStart, end, channel, cancellationToken);
        var report = new KpiReport(start, end, channel, grain, reader.BaseCurrency, reader.Figures(range, start, end),
            new PeriodFigures(previousStart, start, reader.Figures(range, previousStart, start)),
            periods.Select(p => new PeriodFigures(p.Start, p.End, reader.Figures(range, p.Start, p.End))).ToList());
        if (!Csv.Wanted(request, format))
        {
            return Results.Ok(report);
        }

        var rows = report.Periods.Select(p => ("period", p)).Append(("total", new PeriodFigures(start, end, report.Total))).Append(("previous", report.Previous));
        return Csv.Of("kpis.csv",
            ["row", "start", "end", "orders", "cancelledOrders", "units", "netRevenue", "averageOrderValue", "sessions", "conversionRate", "cancellationRate", "returnRate",
                "csat", "nps", "newCustomers", "returningCustomers", "placedToShippedP50Hours", "placedToShippedP90Hours", "shippedToDeliveredP50Hours", "shippedToDeliveredP90Hours",
                "productViews", "addToCarts", "checkoutsStarted"],
            rows.Select(r => (IReadOnlyList<object?>)
            [
                r.Item1, r.Item2.Start, r.Item2.End, r.Item2.Figures.Orders, r.Item2.Figures.CancelledOrders, r.Item2.Figures.Units, r.Item2.Figures.NetRevenue,
                r.Item2.Figures.AverageOrderValue, r.Item2.Figures.Sessions, r.Item2.Figures.ConversionRate, r.Item2.Figures.CancellationRate, r.Item2.Figures.ReturnRate,
                r.Item2.Figures.Csat, r.Item2.Figures.Nps, r.Item2.Figures.NewCustomers, r.Item2.Figures.ReturningCustomers,
                r.Item2.Figures.LeadTimes.PlacedToShippedP50Hours, r.Item2.Figures.LeadTimes.PlacedToShippedP90Hours,
                r.Item2.Figures.LeadTimes.ShippedToDeliveredP50Hours, r.Item2.Figures.LeadTimes.ShippedToDeliveredP90Hours,
                r.Item2.Figures.Funnel.ProductViews, r.Item2.Figures.Funnel.AddToCarts, r.Item2.Figures.Funnel.CheckoutsStarted,
            ]));
    }

    private static async Task<IResult> Breakdown(string? by, string? from, string? to, string? channel, string? format, HttpRequest request, KpiReader reader,
        AnalyticsDbContext db, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        if (by is null || !BreakdownKeys.Contains(by))
        {
            errors.Add("by", $"must be one of {string.Join(", ", BreakdownKeys)}");
        }

        if (ReadRange(from, to, out var start, out var end, errors) is { } refused)
        {
            return refused;
        }

        var rows = await Rows(by!, start, end, channel, reader, db, cancellationToken);
        var report = new BreakdownReport(by!, start, end, reader.BaseCurrency, rows);
        return Csv.Wanted(request, format) ? RowsCsv($"breakdown-{by}.csv", rows) : Results.Ok(report);
    }

    private static async Task<IResult> TopProducts(string? from, string? to, string? channel, int? limit, string? format, HttpRequest request, KpiReader reader,
        AnalyticsDbContext db, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        if (limit is < 1 or > 100)
        {
            errors.Add("limit", "must be between 1 and 100");
        }

        if (ReadRange(from, to, out var start, out var end, errors) is { } refused)
        {
            return refused;
        }

        var rows = (await Rows("sku", start, end, channel, reader, db, cancellationToken))
            .OrderByDescending(r => r.Units).ThenByDescending(r => r.NetRevenue).ThenBy(r => r.Key).Take(limit ?? 10).ToList();
        var skus = rows.Select(r => r.Key).ToList();
        var stock = await db.Stock.AsNoTracking().Where(s => skus.Contains(s.Sku)).ToDictionaryAsync(s => s.Sku, cancellationToken);
        var top = rows.Select(r => new TopProduct(r.Key, r.Orders, r.CancelledOrders, r.Units, r.NetRevenue, r.AverageOrderValue,
            stock.GetValueOrDefault(r.Key)?.OnHand, stock.GetValueOrDefault(r.Key)?.Available)).ToList();
        return !Csv.Wanted(request, format) ? Results.Ok(top) : Csv.Of("top-products.csv",
            ["sku", "orders", "cancelledOrders", "units", "netRevenue", "averageOrderValue", "onHand", "available"],
            top.Select(t => (IReadOnlyList<object?>)[t.Sku, t.Orders, t.CancelledOrders, t.Units, t.NetRevenue, t.AverageOrderValue, t.OnHand, t.Available]));
    }

    private static async Task<List<BreakdownRow>> Rows(string by, DateTime start, DateTime end, string? channel, KpiReader reader, AnalyticsDbContext db,
        CancellationToken cancellationToken)
    {
        var orders = await reader.Orders(start, end, channel, cancellationToken);
        if (by is "sku" or "category")
        {
            var categories = by == "category"
                ? await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Sku, p => p.Categories, cancellationToken)
                : [];
            var lines = orders.SelectMany(o => o.Lines.SelectMany(line => (by == "sku" ? [line.Sku] : categories.GetValueOrDefault(line.Sku) is { Length: > 0 } c ? c : ["(none)"])
                .Select(key => (Key: key, Order: o, Line: line))));
            return lines.GroupBy(l => l.Key).Select(g =>
            {
                var kept = g.Where(l => l.Order.CancelledAt is null).ToList();
                var net = Math.Round(kept.Sum(l => reader.ToBase(l.Line.NetAmount, l.Order.Currency)), 2);
                var keptOrders = kept.Select(l => l.Order.OrderId).Distinct().Count();
                return new BreakdownRow(g.Key, g.Select(l => l.Order.OrderId).Distinct().Count(), g.Where(l => l.Order.CancelledAt is not null).Select(l => l.Order.OrderId).Distinct().Count(),
                    kept.Sum(l => l.Line.Quantity), net, keptOrders == 0 ? null : Math.Round(net / keptOrders, 2));
            }).OrderBy(r => r.Key).ToList();
        }

        var types = by == "channelType" ? await db.Channels.AsNoTracking().ToDictionaryAsync(c => c.Code, c => $"{c.Presence}/{c.Ownership}", cancellationToken) : [];
        return orders.GroupBy(o => by switch
        {
            "channel" => o.Channel,
            "channelType" => types.GetValueOrDefault(o.Channel) ?? "(unknown)",
            _ => o.ShipToCountry ?? "(none)",
        }).Select(g =>
        {
            var figures = KpiFigures.Of(g.Select(reader.ToKpi).ToList(), [], [], new Dictionary<string, DateTime>(), start, end);
            return new BreakdownRow(g.Key, figures.Orders, figures.CancelledOrders, figures.Units, figures.NetRevenue, figures.AverageOrderValue);
        }).OrderBy(r => r.Key).ToList();
    }

    private static IResult RowsCsv(string fileName, IReadOnlyList<BreakdownRow> rows) => Csv.Of(fileName,
        ["key", "orders", "cancelledOrders", "units", "netRevenue", "averageOrderValue"],
        rows.Select(r => (IReadOnlyList<object?>)[r.Key, r.Orders, r.CancelledOrders, r.Units, r.NetRevenue, r.AverageOrderValue]));
}
