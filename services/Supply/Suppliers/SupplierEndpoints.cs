using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.Supply.Persistence;
using OmniRetail.Supply.Policies;
using OmniRetail.Supply.PurchaseOrders;
using OmniRetail.Supply.Settings;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Supply.Suppliers;

public static class SupplierEndpoints
{
    public sealed record SupplierRequest(string? Code, string? Name, string? Currency, double? LeadTimeDays, double? LeadTimeStdDevDays, decimal? OrderCost);

    public sealed record OfferRequest(decimal? UnitCost, int? MinOrderQuantity, int? PackSize, bool? Preferred, IReadOnlyList<PriceBreakRequest?>? PriceBreaks);

    public sealed record PriceBreakRequest(int? MinQuantity, decimal? UnitCost);

    public sealed record OfferView(string Supplier, string Sku, decimal UnitCost, int MinOrderQuantity, int PackSize, bool Preferred, IReadOnlyList<PriceBreak> PriceBreaks)
    {
        public static OfferView Of(SupplierOffer o) => new(o.SupplierCode, o.Sku, o.UnitCost, o.MinOrderQuantity, o.PackSize, o.Preferred, o.PriceBreaks);
    }

    public sealed record SupplierView(
        string Code, string Name, string Currency, double LeadTimeDays, double LeadTimeStdDevDays, decimal OrderCost, IReadOnlyList<OfferView> Offers);

    public static void MapSuppliers(this WebApplication app)
    {
        var suppliers = app.MapGroup("/api/supply/suppliers").WithTags("Suppliers");
        suppliers.MapPost("/", Register).RequireAuthorization(StaffPolicies.Purchasing).ProducesValidationProblem()
            .WithSummary("Registers a supplier (or updates the one with this code)")
            .WithDescription("`orderCost` is the fixed cost of placing one purchase order (S in the EOQ). `leadTimeDays` and `leadTimeStdDevDays` are the supplier's stated lead time; policies use them until 3 of its POs have been fully received.");
        suppliers.MapGet("/", async (SupplyDbContext db, CancellationToken ct) =>
            (await db.Suppliers.AsNoTracking().OrderBy(s => s.Code).ToListAsync(ct)).Select(s => View(s, []))).RequireAuthorization(StaffPolicies.Staff);
        suppliers.MapGet("/{code}", Get).RequireAuthorization(StaffPolicies.Staff).WithSummary("A supplier with its offers");
        suppliers.MapPut("/{code}/offers/{sku}", PutOffer).RequireAuthorization(StaffPolicies.Purchasing).ProducesValidationProblem()
            .WithSummary("What the supplier sells a SKU for")
            .WithDescription("`priceBreaks` are all-units discounts: from `minQuantity` units in one order every unit costs `unitCost`. `preferred: true` makes this the SKU's preferred supplier (the others lose the mark); with none marked the cheapest offer is used. `packSize` defaults to 1, `minOrderQuantity` to 0.");
        suppliers.MapGet("/{code}/scorecard", Scorecard).RequireAuthorization(StaffPolicies.Staff)
            .WithSummary("On-time rate, fill rate, observed lead time and risk rating")
            .WithDescription("""
                - onTimeRate: share of fully received POs received on or before their `expectedAt`.
                - fillRate: units received ÷ units ordered over Received and Closed POs.
                - leadTimeMeanDays, leadTimeStdDevDays: sent → fully received, in days (sample σ); leadTimeCv = σ ÷ mean.
                - risk: high when onTimeRate < supplierRisk.onTimeHigh (0.75) or leadTimeCv > supplierRisk.leadTimeCvHigh (0.5); medium when onTimeRate < supplierRisk.onTimeMedium (0.90); else low. Thresholds are set with PUT /api/supply/settings.
                """);
    }

    private static async Task<IResult> Register(SupplierRequest request, SupplyDbContext db, CancellationToken cancellationToken)
    {
        var errors = new InputErrors().Require(request.Code, "code", 32).Require(request.Name, "name", 200);
        if (request.Currency is not { Length: 3 } || !request.Currency.All(char.IsAsciiLetter))
        {
            errors.Add("currency", "must be an ISO 4217 code such as EUR");
        }

        if (request.LeadTimeDays is not > 0 or > 365)
        {
            errors.Add("leadTimeDays", "must be more than 0 and at most 365 days");
        }

        if (request.LeadTimeStdDevDays is not >= 0 or > 365)
        {
            errors.Add("leadTimeStdDevDays", "must be between 0 and 365 days");
        }

        if (request.OrderCost is not >= 0)
        {
            errors.Add("orderCost", "must be 0 or more");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var code = request.Code!.Trim().ToUpperInvariant();
        var supplier = await db.Suppliers.FindAsync([code], cancellationToken);
        var created = supplier is null;
        supplier ??= db.Suppliers.Add(new Supplier { Code = code, Name = "", Currency = "", LeadTimeDays = 0, LeadTimeStdDevDays = 0, OrderCost = 0 }).Entity;
        supplier.Name = request.Name!.Trim();
        supplier.Currency = request.Currency!.ToUpperInvariant();
        supplier.LeadTimeDays = request.LeadTimeDays!.Value;
        supplier.LeadTimeStdDevDays = request.LeadTimeStdDevDays!.Value;
        supplier.OrderCost = request.OrderCost!.Value;
        await db.SaveChangesAsync(cancellationToken);
        var view = View(supplier, await db.Offers.AsNoTracking().Where(o => o.SupplierCode == code).ToListAsync(cancellationToken));
        return created ? Results.Created($"/api/supply/suppliers/{code}", view) : Results.Ok(view);
    }

    private static async Task<IResult> Get(string code, SupplyDbContext db, CancellationToken cancellationToken)
    {
        var supplier = await db.Suppliers.AsNoTracking().SingleOrDefaultAsync(s => s.Code == code.ToUpperInvariant(), cancellationToken);
        return supplier is null
            ? NoSupplier(code)
            : Results.Ok(View(supplier, await db.Offers.AsNoTracking().Where(o => o.SupplierCode == supplier.Code).OrderBy(o => o.Sku).ToListAsync(cancellationToken)));
    }

    private static async Task<IResult> PutOffer(string code, string sku, OfferRequest request, SupplyDbContext db, CancellationToken cancellationToken)
    {
        code = code.ToUpperInvariant();
        sku = sku.ToUpperInvariant();
        if (await db.Suppliers.FindAsync([code], cancellationToken) is null)
        {
            return NoSupplier(code);
        }

        var errors = new InputErrors();
        if (await db.Skus.FindAsync([sku], cancellationToken) is null)
        {
            errors.Add("sku", $"no product with SKU '{sku}' in the catalogue");
        }

        if (request.UnitCost is not > 0)
        {
            errors.Add("unitCost", "must be more than 0");
        }

        if (request.MinOrderQuantity is < 0)
        {
            errors.Add("minOrderQuantity", "must be 0 or more");
        }

        if (request.PackSize is < 1)
        {
            errors.Add("packSize", "must be 1 or more");
        }

        var breaks = new List<PriceBreak>();
        for (var i = 0; i < (request.PriceBreaks?.Count ?? 0); i++)
        {
            var priceBreak = request.PriceBreaks![i];
            if (priceBreak?.MinQuantity is not > 0)
            {
                errors.Add($"priceBreaks[{i}].minQuantity", "must be more than 0");
            }
            else if (breaks.Any(b => b.MinQuantity == priceBreak.MinQuantity))
            {
                errors.Add($"priceBreaks[{i}].minQuantity", "appears twice");
            }

            if (priceBreak?.UnitCost is not > 0)
            {
                errors.Add($"priceBreaks[{i}].unitCost", "must be more than 0");
            }

            if (priceBreak is { MinQuantity: > 0, UnitCost: > 0 })
            {
                breaks.Add(new PriceBreak(priceBreak.MinQuantity.Value, priceBreak.UnitCost.Value));
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var offer = await db.Offers.FindAsync([code, sku], cancellationToken);
        var created = offer is null;
        offer ??= db.Offers.Add(new SupplierOffer { SupplierCode = code, Sku = sku, UnitCost = 0, MinOrderQuantity = 0, PackSize = 1, Preferred = false }).Entity;
        offer.UnitCost = request.UnitCost!.Value;
        offer.MinOrderQuantity = request.MinOrderQuantity ?? 0;
        offer.PackSize = request.PackSize ?? 1;
        offer.Preferred = request.Preferred ?? false;
        offer.PriceBreaks = breaks.OrderBy(b => b.MinQuantity).ToList();
        if (offer.Preferred)
        {
            await db.Offers.Where(o => o.Sku == sku && o.SupplierCode != code && o.Preferred).ExecuteUpdateAsync(o => o.SetProperty(x => x.Preferred, false), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return created ? Results.Created($"/api/supply/suppliers/{code}/offers/{sku}", OfferView.Of(offer)) : Results.Ok(OfferView.Of(offer));
    }

    private static async Task<IResult> Scorecard(string code, SupplyDbContext db, PolicyFactsReader reader, CancellationToken cancellationToken)
    {
        code = code.ToUpperInvariant();
        if (await db.Suppliers.FindAsync([code], cancellationToken) is null)
        {
            return NoSupplier(code);
        }

        var settings = await reader.Settings(cancellationToken);
        return Results.Ok(await ScorecardOf(db, code, settings, cancellationToken));
    }

    public static async Task<Scorecard> ScorecardOf(SupplyDbContext db, string code, SupplySettings settings, CancellationToken cancellationToken)
    {
        var orders = await db.PurchaseOrders.AsNoTracking().Where(o => o.SupplierCode == code).ToListAsync(cancellationToken);
        return SupplierScorecard.Of(orders.Select(o => new DeliveryRecord(
            o.FullyReceivedAt is not null, o.Status == PurchaseOrderStatus.Closed, o.SentAt, o.ExpectedAt, o.FullyReceivedAt, o.Ordered, o.Received)).ToList(), settings.SupplierRisk);
    }

    public static IResult NoSupplier(string code) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown supplier", detail: $"no supplier with code '{code}'");

    private static SupplierView View(Supplier s, IEnumerable<SupplierOffer> offers) =>
        new(s.Code, s.Name, s.Currency, s.LeadTimeDays, s.LeadTimeStdDevDays, s.OrderCost, offers.Select(OfferView.Of).ToList());
}
