using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.ServiceDefaults.Staff;
using OmniRetail.Supply.Persistence;

namespace OmniRetail.Supply.Demand;

public static class DemandHistoryEndpoints
{
    public const int MaxRows = 200_000;

    public sealed record HistoryDay(DateOnly? Date, int? Quantity, bool? Stockout);

    public sealed record HistoryRequest(string? Sku, IReadOnlyList<HistoryDay?>? Days);

    public sealed record ImportResult(int Days, int Replaced, IReadOnlyList<string> Skus);

    private sealed record Row(string Field, string? Sku, string? Date, string? Quantity, string? Stockout);

    public static void MapDemandHistory(this WebApplication app)
    {
        app.MapPost("/api/supply/demand-history", Import).WithTags("Demand")
            .RequireAuthorization(StaffPolicies.Purchasing).ProducesValidationProblem()
            .Accepts<HistoryRequest>("application/json", "text/csv")
            .WithSummary("Imports daily demand from the retailer's previous system; importing a day again replaces it")
            .WithDescription($"""
                `text/csv` with the header row `sku,date,quantity,stockout` (`stockout` true/false, optional column), or JSON `{"{"}sku, days: [{"{"}date, quantity, stockout{"}"}]{"}"}` (or an array of those).
                Dates are ISO (2026-03-31) and not in the future; quantities whole and ≥ 0; SKUs in the catalogue. All or nothing: one bad row and nothing is imported, the problem names the row (`rows[3].quantity` counting data rows from 0, or `days[3].quantity`). At most {MaxRows} rows.
                Imported days add to the demand OmniRetail records from orders on the same day.
                """);
    }

    private static async Task<IResult> Import(HttpRequest http, SupplyDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        List<Row> rows;
        try
        {
            rows = http.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true
                ? await ReadCsv(http.Body, cancellationToken)
                : await ReadJson(http.Body, cancellationToken);
        }
        catch (FormatException exception)
        {
            return InputErrors.Single("body", exception.Message);
        }
        catch (JsonException exception)
        {
            return InputErrors.Single("body", $"is not the JSON this endpoint takes: {exception.Message}");
        }

        var errors = new InputErrors();
        if (rows.Count == 0)
        {
            errors.Add("body", "has no rows");
        }
        else if (rows.Count > MaxRows)
        {
            errors.Add("body", $"has {rows.Count} rows; at most {MaxRows} per import");
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var skus = rows.Select(r => r.Sku?.Trim().ToUpperInvariant()).OfType<string>().Distinct().ToList();
        var known = (await db.Skus.Where(s => skus.Contains(s.Sku)).Select(s => s.Sku).ToListAsync(cancellationToken)).ToHashSet();
        var days = new Dictionary<(string, DateOnly), ImportedDemandDay>();
        foreach (var row in rows.Take(MaxRows))
        {
            var sku = row.Sku?.Trim().ToUpperInvariant();
            if (string.IsNullOrEmpty(sku))
            {
                errors.Add($"{row.Field}.sku", "is required");
            }
            else if (!known.Contains(sku))
            {
                errors.Add($"{row.Field}.sku", $"no product with SKU '{sku}' in the catalogue");
            }

            if (!DateOnly.TryParseExact(row.Date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                errors.Add($"{row.Field}.date", "must be a date such as 2026-03-31");
            }
            else if (date > today)
            {
                errors.Add($"{row.Field}.date", "is in the future");
            }

            if (!int.TryParse(row.Quantity?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var quantity))
            {
                errors.Add($"{row.Field}.quantity", "must be a whole number, 0 or more");
            }

            var stockout = false;
            if (!string.IsNullOrWhiteSpace(row.Stockout) && !bool.TryParse(row.Stockout.Trim(), out stockout))
            {
                errors.Add($"{row.Field}.stockout", "must be true or false");
            }

            if (!errors.Any && sku is not null)
            {
                // The same day twice in one import: the later row stands, as a later import would.
                days[(sku, date)] = new ImportedDemandDay { Sku = sku, Date = date, Quantity = quantity, Stockout = stockout };
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var replaced = 0;
        await db.InTransaction(async () =>
        {
            replaced = 0;
            foreach (var sku in days.Values.GroupBy(d => d.Sku))
            {
                var dates = sku.Select(d => d.Date).ToList();
                replaced += await db.ImportedDemand.Where(d => d.Sku == sku.Key && dates.Contains(d.Date)).ExecuteDeleteAsync(cancellationToken);
            }

            db.ImportedDemand.AddRange(days.Values.Select(d => new ImportedDemandDay { Sku = d.Sku, Date = d.Date, Quantity = d.Quantity, Stockout = d.Stockout }));
        }, cancellationToken);
        return Results.Ok(new ImportResult(days.Count, replaced, days.Keys.Select(k => k.Item1).Distinct().Order().ToList()));
    }

    private static async Task<List<Row>> ReadCsv(Stream body, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body);
        var header = (await reader.ReadLineAsync(cancellationToken))?.Split(',').Select(h => h.Trim().Trim('"').ToLowerInvariant()).ToArray();
        if (header is null || header.Length < 3 || header[0] != "sku" || header[1] != "date" || header[2] != "quantity" || (header.Length > 3 && header[3] != "stockout") || header.Length > 4)
        {
            throw new FormatException("the first row must be the header sku,date,quantity or sku,date,quantity,stockout");
        }

        var rows = new List<Row>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var cells = line.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
            if (cells.Length < 3 || cells.Length > header.Length)
            {
                throw new FormatException($"row {rows.Count} has {cells.Length} values; the header has {header.Length}");
            }

            rows.Add(new Row($"rows[{rows.Count}]", cells[0], cells[1], cells[2], cells.Length > 3 ? cells[3] : null));
            if (rows.Count > MaxRows)
            {
                break;
            }
        }

        return rows;
    }

    private static async Task<List<Row>> ReadJson(Stream body, CancellationToken cancellationToken)
    {
        var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var requests = document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement.Deserialize<List<HistoryRequest?>>(JsonSerializerOptions.Web) ?? []
            : [document.RootElement.Deserialize<HistoryRequest>(JsonSerializerOptions.Web)];
        var rows = new List<Row>();
        for (var r = 0; r < requests.Count; r++)
        {
            var prefix = document.RootElement.ValueKind == JsonValueKind.Array ? $"[{r}]." : "";
            var request = requests[r];
            var daysOf = request?.Days ?? throw new FormatException($"{prefix}days is required");
            for (var i = 0; i < daysOf.Count; i++)
            {
                var day = daysOf[i];
                rows.Add(new Row($"{prefix}days[{i}]", request.Sku, day?.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day?.Quantity?.ToString(CultureInfo.InvariantCulture),
                    day?.Stockout?.ToString()));
            }
        }

        return rows;
    }
}
