using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace OmniRetail.ServiceDefaults.Staff;

/// <summary>
/// The channels and warehouses the signed-in user is limited to, from their token's <c>channel</c> and <c>warehouse</c>
/// claims; null: every one. Endpoints take it as a parameter and answer 404 for what lies outside it (so its existence is
/// not revealed) and leave it out of every list.
/// </summary>
public sealed class StaffScope
{
    public static readonly StaffScope Everything = new(null, null);

    private StaffScope(IReadOnlySet<string>? channels, IReadOnlySet<string>? warehouses) => (Channels, Warehouses) = (channels, warehouses);

    /// <summary>The channel codes the user may see; null: all.</summary>
    public IReadOnlySet<string>? Channels { get; }

    /// <summary>The warehouse codes the user may see; null: all.</summary>
    public IReadOnlySet<string>? Warehouses { get; }

    public static StaffScope Of(ClaimsPrincipal? user)
    {
        static IReadOnlySet<string>? Codes(ClaimsPrincipal? user, string type) =>
            user?.FindAll(type).Select(claim => claim.Value).ToHashSet(StringComparer.OrdinalIgnoreCase) is { Count: > 0 } codes ? codes : null;
        return new StaffScope(Codes(user, StaffClaims.Channel), Codes(user, StaffClaims.Warehouse));
    }

    public bool SeesChannel(string? code) => Channels is null || (code is not null && Channels.Contains(code));

    public bool SeesWarehouse(string? code) => Warehouses is null || (code is not null && Warehouses.Contains(code));

    /// <summary>The request's scope, bound as an endpoint parameter.</summary>
    public static ValueTask<StaffScope?> BindAsync(HttpContext context) => ValueTask.FromResult<StaffScope?>(Of(context.User));

    /// <summary>What lies outside the scope answers as if it did not exist.</summary>
    public static IResult NotFound() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
