using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.ServiceDefaults.Staff;
using OmniRetail.Supply.Persistence;
using OmniRetail.Supply.Policies;
using OmniRetail.Supply.Suppliers;

namespace OmniRetail.Supply.Settings;

public static class SettingsEndpoints
{
    /// <summary>Every field optional: what is left out keeps its current value.</summary>
    public sealed record SettingsRequest(
        double? ServiceLevel, double? HoldingCostRate, int? ReviewPeriodDays, int? WindowDays, int? DeadStockDays,
        double? AbcA, double? AbcB, double? XyzX, double? XyzY, double? RiskOnTimeMedium, double? RiskOnTimeHigh, double? RiskLeadTimeCvHigh);

    public static void MapSupplySettings(this WebApplication app)
    {
        var settings = app.MapGroup("/api/supply").WithTags("Settings");
        settings.MapGet("/settings", async (PolicyFactsReader reader, CancellationToken ct) => Results.Ok(await reader.Settings(ct))).RequireAuthorization(StaffPolicies.Staff);
        settings.MapPut("/settings", PutDefaults).RequireAuthorization(StaffPolicies.Purchasing).ProducesValidationProblem()
            .WithSummary("Policy defaults and the classification and supplier-risk thresholds")
            .WithDescription("""
                serviceLevel in (0.5, 0.999), default 0.95; holdingCostRate per year as a fraction of unit cost (default 0.25);
                reviewPeriodDays R (default 0 = continuous review); windowDays of demand history (default 90); deadStockDays (default 90).
                abcA/abcB: cumulative-share limits of classes A and B (0.80, 0.95); xyzX/xyzY: weekly CV limits of X and Y (0.5, 1.0);
                riskOnTimeMedium/riskOnTimeHigh: on-time rates below which a supplier is medium/high risk (0.90, 0.75); riskLeadTimeCvHigh (0.5).
                Fields left out keep their value. Policies change at the next recompute.
                """);
        settings.MapGet("/skus/{sku}/settings", GetSku).RequireAuthorization(StaffPolicies.Staff);
        settings.MapPut("/skus/{sku}/settings", PutSku).RequireAuthorization(StaffPolicies.Purchasing).ProducesValidationProblem()
            .WithSummary("Overrides of the policy defaults for one SKU (serviceLevel, holdingCostRate, reviewPeriodDays, windowDays, deadStockDays); null fields follow the defaults");
    }

    private static async Task<IResult> PutDefaults(SettingsRequest request, SupplyDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.GlobalSettings.SingleOrDefaultAsync(cancellationToken) ?? db.GlobalSettings.Add(new GlobalSettingsRecord { Value = new SupplySettings() }).Entity;
        var current = row.Value;
        var merged = new SupplySettings
        {
            Defaults = current.Defaults.With(new SkuSettingsOverride(request.ServiceLevel, request.HoldingCostRate, request.ReviewPeriodDays, request.WindowDays, request.DeadStockDays)),
            Classes = new ClassThresholds(request.AbcA ?? current.Classes.AbcA, request.AbcB ?? current.Classes.AbcB, request.XyzX ?? current.Classes.XyzX, request.XyzY ?? current.Classes.XyzY),
            SupplierRisk = new RiskThresholds(request.RiskOnTimeMedium ?? current.SupplierRisk.OnTimeMedium, request.RiskOnTimeHigh ?? current.SupplierRisk.OnTimeHigh,
                request.RiskLeadTimeCvHigh ?? current.SupplierRisk.LeadTimeCvHigh),
        };
        var errors = Check(merged.Defaults);
        if (merged.Classes is not { AbcA: > 0, AbcB: < 1 } || merged.Classes.AbcA >= merged.Classes.AbcB)
        {
            errors.Add(request.AbcB is not null ? "abcB" : "abcA", "needs 0 < abcA < abcB < 1");
        }

        if (merged.Classes is not { XyzX: > 0 } || merged.Classes.XyzX >= merged.Classes.XyzY)
        {
            errors.Add(request.XyzY is not null ? "xyzY" : "xyzX", "needs 0 < xyzX < xyzY");
        }

        if (merged.SupplierRisk is not { OnTimeHigh: > 0, OnTimeMedium: <= 1 } || merged.SupplierRisk.OnTimeHigh > merged.SupplierRisk.OnTimeMedium)
        {
            errors.Add(request.RiskOnTimeHigh is not null ? "riskOnTimeHigh" : "riskOnTimeMedium", "needs 0 < riskOnTimeHigh ≤ riskOnTimeMedium ≤ 1");
        }

        if (merged.SupplierRisk.LeadTimeCvHigh is not > 0)
        {
            errors.Add("riskLeadTimeCvHigh", "must be more than 0");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        row.Value = merged;
        await db.SaveChangesAsync(cancellationToken);
        return Results.Ok(merged);
    }

    private static async Task<IResult> GetSku(string sku, SupplyDbContext db, CancellationToken cancellationToken) =>
        await db.SkuSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Sku == sku.ToUpperInvariant(), cancellationToken) is { } row
            ? Results.Ok(row.Value)
            : Results.Ok(new SkuSettingsOverride(null, null, null, null, null));

    private static async Task<IResult> PutSku(string sku, SkuSettingsOverride request, SupplyDbContext db, CancellationToken cancellationToken)
    {
        sku = sku.ToUpperInvariant();
        if (await db.Skus.FindAsync([sku], cancellationToken) is null)
        {
            return UnknownSku(sku);
        }

        var errors = Check(PolicySettings.Defaults.With(request), request);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var row = await db.SkuSettings.FindAsync([sku], cancellationToken) ?? db.SkuSettings.Add(new SkuSettingsRecord { Sku = sku, Value = request }).Entity;
        row.Value = request;
        await db.SaveChangesAsync(cancellationToken);
        return Results.Ok(request);
    }

    public static IResult UnknownSku(string sku) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown SKU", detail: $"no product with SKU '{sku}' in the catalogue");

    /// <summary>The ranges a policy setting may take; <paramref name="given"/> limits the check to the fields a SKU overrides.</summary>
    private static InputErrors Check(PolicySettings settings, SkuSettingsOverride? given = null)
    {
        var errors = new InputErrors();
        if ((given is null || given.ServiceLevel is not null) && settings.ServiceLevel is not (> 0.5 and < 0.999))
        {
            errors.Add("serviceLevel", "must be between 0.5 and 0.999 (both excluded)");
        }

        if ((given is null || given.HoldingCostRate is not null) && settings.HoldingCostRate is not (> 0 and <= 5))
        {
            errors.Add("holdingCostRate", "must be more than 0 and at most 5 (a fraction of unit cost per year)");
        }

        if ((given is null || given.ReviewPeriodDays is not null) && settings.ReviewPeriodDays is not (>= 0 and <= 365))
        {
            errors.Add("reviewPeriodDays", "must be between 0 (continuous review) and 365");
        }

        if ((given is null || given.WindowDays is not null) && settings.WindowDays is not (>= 7 and <= 730))
        {
            errors.Add("windowDays", "must be between 7 and 730");
        }

        if ((given is null || given.DeadStockDays is not null) && settings.DeadStockDays is not (>= 1 and <= 3650))
        {
            errors.Add("deadStockDays", "must be between 1 and 3650");
        }

        return errors;
    }
}
