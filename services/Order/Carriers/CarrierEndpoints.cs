using OmniRetail.BuildingBlocks.Messaging;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.Order.Persistence;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Order.Carriers;

public static partial class CarrierEndpoints
{
    public sealed record RateRequest(int? MaxWeightGrams, decimal? Price, string? Currency);

    public sealed record ServiceRequest(string? Code, string? Name, string[]? Countries, int? TransitDays, RateRequest[]? Rates);

    public sealed record CarrierRequest(string? Code, string? Name, string? TrackingUrlTemplate, string? Secret, ServiceRequest[]? Services);

    /// <summary>A carrier as staff see it: the secret is write-only.</summary>
    public sealed record CarrierView(string Code, string Name, string TrackingUrlTemplate, IReadOnlyList<CarrierServiceOffer> Services, DateTime UpdatedAt);

    public static void MapCarriers(this WebApplication app)
    {
        var carriers = app.MapGroup("/api/carriers").WithTags("Carriers");
        carriers.MapPost("/", Create).RequireAuthorization(StaffPolicies.Operations).ProducesValidationProblem()
            .WithSummary("Registers a carrier: {code, name, trackingUrlTemplate (with {trackingNumber}), secret, services: [{code, name, countries, transitDays, rates: [{maxWeightGrams, price, currency}]}]}")
            .WithDescription("The secret (at least 16 characters) signs the carrier's tracking events; it is stored encrypted and never shown back. " + CarrierChoice.Rule);
        carriers.MapPut("/{code}", Update).RequireAuthorization(StaffPolicies.Operations).ProducesValidationProblem()
            .WithSummary("Replaces a carrier's name, tracking URL and services (the secret stays unless given)")
            .WithDescription(CarrierChoice.Rule);
        carriers.MapGet("/", async (OrderDbContext db, CancellationToken ct) => (await db.Carriers.AsNoTracking().OrderBy(c => c.Code).ToListAsync(ct)).Select(View))
            .RequireAuthorization(StaffPolicies.Staff)
            .WithSummary("Every carrier with its services and rates");
    }

    private static async Task<IResult> Create(CarrierRequest request, OrderDbContext db, PersonalDataProtector protector, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = Check(request, secretRequired: true);
        if (request.Code is { Length: > 0 } given && !CodePattern().IsMatch(given))
        {
            errors.Add("code", "may contain only lower-case letters, digits and '-'");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var exists = InputErrors.Conflict("code", $"carrier '{request.Code}' exists; change it with PUT /api/carriers/{request.Code}");
        if (await db.Carriers.AnyAsync(c => c.Code == request.Code, cancellationToken))
        {
            return exists;
        }

        var carrier = db.Carriers.Add(new Carrier { Code = request.Code!, Name = "", TrackingUrlTemplate = "", ProtectedSecret = "" }).Entity;
        Apply(carrier, request, protector, clock);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            // Registered by a request racing this one, between the check and the insert.
            return exists;
        }

        return Results.Created($"/api/carriers/{carrier.Code}", View(carrier));
    }

    private static async Task<IResult> Update(string code, CarrierRequest request, OrderDbContext db, PersonalDataProtector protector, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.Carriers.FindAsync([code], cancellationToken) is not { } carrier)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No carrier '{code}'");
        }

        var errors = Check(request with { Code = code }, secretRequired: false);
        if (request.Code is { } given && given != code)
        {
            errors.Add("code", "must match the code in the path (or be left out)");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        Apply(carrier, request, protector, clock);
        await db.SaveChangesAsync(cancellationToken);
        return Results.Ok(View(carrier));
    }

    private static void Apply(Carrier carrier, CarrierRequest request, PersonalDataProtector protector, TimeProvider clock)
    {
        carrier.Name = request.Name!.Trim();
        carrier.TrackingUrlTemplate = request.TrackingUrlTemplate!;
        if (request.Secret is { Length: > 0 } secret)
        {
            carrier.ProtectedSecret = protector.Protect(secret);
        }

        carrier.Services = [.. request.Services!.Select(s => new CarrierServiceOffer(
            s.Code!, s.Name!.Trim(), [.. s.Countries!.Select(c => c.ToUpperInvariant()).Distinct()], s.TransitDays!.Value,
            [.. s.Rates!.Select(r => new CarrierRate(r.MaxWeightGrams!.Value, r.Price!.Value, r.Currency!.ToUpperInvariant())).OrderBy(r => r.MaxWeightGrams)]))];
        carrier.UpdatedAt = clock.GetUtcNow().UtcDateTime;
    }

    private static InputErrors Check(CarrierRequest request, bool secretRequired)
    {
        var errors = new InputErrors().Require(request.Code, "code", 32).Require(request.Name, "name", 200);
        if (request.TrackingUrlTemplate is not { Length: > 0 and <= 500 } template
            || !Uri.TryCreate(template.Replace("{trackingNumber}", "X", StringComparison.Ordinal), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
            || !template.Contains("{trackingNumber}", StringComparison.Ordinal))
        {
            errors.Add("trackingUrlTemplate", "is required: an absolute http(s) URL with {trackingNumber} where the number goes");
        }

        if (secretRequired || request.Secret is not null)
        {
            errors.Require(request.Secret, "secret", 256);
            if (request.Secret is { Length: > 0 and < 16 })
            {
                errors.Add("secret", "must be at least 16 characters");
            }
        }

        if (request.Services is not { Length: > 0 and <= 50 } services)
        {
            errors.Add("services", "between 1 and 50 services are required");
            return errors;
        }

        for (var i = 0; i < services.Length; i++)
        {
            var service = services[i];
            errors.Require(service.Code, $"services[{i}].code", 32).Require(service.Name, $"services[{i}].name", 200);
            if (services.Take(i).Any(s => s.Code == service.Code))
            {
                errors.Add($"services[{i}].code", "is used by another service of this carrier");
            }

            if (service.Countries is not { Length: > 0 } countries || countries.Any(c => !CountryPattern().IsMatch(c ?? "")))
            {
                errors.Add($"services[{i}].countries", "at least one ISO 3166 two-letter country code such as DE");
            }

            if (service.TransitDays is not (>= 0 and <= 90))
            {
                errors.Add($"services[{i}].transitDays", "is required, 0 to 90");
            }

            if (service.Rates is not { Length: > 0 } rates)
            {
                errors.Add($"services[{i}].rates", "at least one weight band is required");
                continue;
            }

            for (var j = 0; j < rates.Length; j++)
            {
                if (rates[j].MaxWeightGrams is not (> 0 and <= 1_000_000))
                {
                    errors.Add($"services[{i}].rates[{j}].maxWeightGrams", "is required, 1 to 1000000");
                }

                if (rates[j].Price is not >= 0)
                {
                    errors.Add($"services[{i}].rates[{j}].price", "is required and not negative");
                }

                if (rates[j].Currency is not { } currency || !CurrencyPattern().IsMatch(currency))
                {
                    errors.Add($"services[{i}].rates[{j}].currency", "must be an ISO 4217 code such as EUR");
                }
            }
        }

        return errors;
    }

    private static CarrierView View(Carrier carrier) => new(carrier.Code, carrier.Name, carrier.TrackingUrlTemplate, carrier.Services, carrier.UpdatedAt);

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[A-Za-z]{2}$")]
    private static partial Regex CountryPattern();

    [GeneratedRegex("^[A-Za-z]{3}$")]
    private static partial Regex CurrencyPattern();
}
