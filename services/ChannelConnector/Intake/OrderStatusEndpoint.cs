using System.Text;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.ChannelConnector.Channels;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.ChannelConnector.Push;

namespace OmniRetail.ChannelConnector.Intake;

/// <summary>
/// A channel asks how one of its orders stands, signing the request's path and query with its secret. The answer is
/// what the channel is told anyway: received, shipped, delivered or cancelled, with the shipments
/// and the shopper's tracking token.
/// </summary>
public static class OrderStatusEndpoint
{
    public sealed record ShipmentStatus(string? Carrier, string? TrackingNumber, string? TrackingUrl, string Status);

    public sealed record ChannelOrderStatus(string ExternalId, Guid OrderId, string Status, string TrackingToken, string TrackingPath, IReadOnlyList<ShipmentStatus> Shipments);

    public static void MapOrderStatus(this WebApplication app)
    {
        app.MapGet("/api/channels/{code}/orders/{externalId}/status", Status).WithTags("Channel intake").AllowAnonymous()
            .Produces<ChannelOrderStatus>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("How one of the channel's orders stands, signed X-Omni-Signature: sha256=<hex HMAC-SHA256 of the request's path and query with the channel's secret>")
            .WithDescription("status: received, shipped (a shipment left), delivered (every shipment told delivered) or cancelled (unless delivered); with each shipment's " +
                             "carrier, tracking number, link and status, and the shopper's tracking token (GET /api/tracking/{token}).");
    }

    private static async Task<IResult> Status(
        string code, string externalId, HttpRequest http, ChannelDbContext db, ChannelDirectory directory, PersonalDataProtector protector, CancellationToken cancellationToken)
    {
        var signed = Encoding.UTF8.GetBytes($"{http.Path}{http.QueryString}");
        if (await directory.Find(db, code, cancellationToken) is not { } channel
            || !channel.Secrets.Any(secret => Signatures.IsValidHex(secret.Value, signed, http.Headers["X-Omni-Signature"])))
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Missing or wrong signature",
                detail: "Sign the request's path and query: X-Omni-Signature: sha256=<hex HMAC-SHA256 with the channel's secret>.");
        }

        if (await db.Intakes.AsNoTracking().Where(i => i.ChannelCode == code && i.ExternalId == externalId).Select(i => (Guid?)i.OrderId).SingleOrDefaultAsync(cancellationToken)
            is not { } orderId)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No order {externalId} from channel {code}");
        }

        var shipments = await db.OrderShipments.AsNoTracking().Where(s => s.OrderId == orderId).OrderBy(s => s.ShipmentId).ToListAsync(cancellationToken);
        var cancelled = await db.OrderCancellations.AsNoTracking().AnyAsync(c => c.OrderId == orderId, cancellationToken);
        var delivered = shipments.Count > 0 && shipments.All(s => s.Status == Contracts.Orders.ShipmentProgress.Delivered);
        var status = delivered ? "delivered"
            : cancelled ? "cancelled"
            : shipments.Count == 0 ? "received"
            : "shipped";
        var token = protector.TrackingToken(orderId);
        return Results.Ok(new ChannelOrderStatus(externalId, orderId, status, token, $"/api/tracking/{token}",
            [.. shipments.Select(s => new ShipmentStatus(s.Carrier, s.TrackingNumber, s.TrackingUrl, s.Status))]));
    }
}
