using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.Contracts.Orders;
using OmniRetail.Order.Fulfilment;
using OmniRetail.Order.Persistence;

namespace OmniRetail.Order.Tracking;

/// <summary>
/// What a shopper sees behind the tracking link: the order's status in plain words, where it goes (city and country
/// only), each parcel's carrier, tracking number, link and scans, and when the status changed. No name, e-mail, phone or
/// street; no staff notes.
/// </summary>
public static partial class ShopperTrackingEndpoints
{
    public sealed record Destination(string? City, string? Country);

    public sealed record ParcelScan(DateTime At, string Status, string? Location);

    public sealed record Parcel(string Status, string? Carrier, string? TrackingNumber, string? TrackingUrl, IReadOnlyList<ParcelScan> Scans);

    public sealed record StatusChange(DateTime At, string Status, string Text);

    public sealed record ShopperView(string Status, string Text, DateTimeOffset PlacedAt, Destination Destination, IReadOnlyList<Parcel> Shipments, IReadOnlyList<StatusChange> Timeline);

    /// <summary>Each status in the words a shopper reads.</summary>
    public static readonly IReadOnlyDictionary<string, string> PlainWords = new Dictionary<string, string>
    {
        [OrderStatus.Received] = "Received: the shop is checking your order",
        [OrderStatus.OnHold] = "Being checked by the shop",
        [OrderStatus.Reserving] = "Received: setting your items aside",
        [OrderStatus.Backordered] = "Waiting for an item to come back in stock",
        [OrderStatus.AwaitingPayment] = "Waiting for your payment",
        [OrderStatus.Allocated] = "Being prepared in the warehouse",
        [OrderStatus.Packed] = "Packed, waiting for the carrier",
        [OrderStatus.Shipped] = "On its way",
        [OrderStatus.DeliveryFailed] = "The carrier could not deliver it; the shop will be in touch",
        [OrderStatus.Delivered] = "Delivered",
        [OrderStatus.Cancelled] = "Cancelled",
    };

    public static void MapShopperTracking(this WebApplication app)
    {
        app.MapGet("/api/tracking/{token}", Track).WithTags("Tracking").AllowAnonymous()
            .Produces<ShopperView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A shopper's view of an order by its tracking token (from the intake's 202): status in plain words, destination city and country, parcels with carrier, tracking number, link and scans, and the status timeline")
            .WithDescription("Public: no sign-in, rate limited by the gateway. No name, e-mail, phone or street. An unknown or malformed token answers 404.");
    }

    private static async Task<IResult> Track(string token, OrderDbContext db, PersonalDataProtector protector, CancellationToken cancellationToken)
    {
        if (!TokenPattern().IsMatch(token))
        {
            return NotFound();
        }

        var lookup = PersonalDataProtector.TrackingLookup(token);
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.TrackingLookup == lookup, cancellationToken);
        if (order is null)
        {
            return NotFound();
        }

        var submitted = order.SubmittedOrder(protector);
        var changes = await db.Timeline.AsNoTracking().Where(e => e.OrderId == order.CorrelationId).OrderBy(e => e.Id).Select(e => new { e.At, e.Status }).ToListAsync(cancellationToken);
        var timeline = changes.Where((e, i) => i == 0 || changes[i - 1].Status != e.Status)
            .Select(e => new StatusChange(e.At, e.Status, PlainWords.GetValueOrDefault(e.Status, e.Status))).ToList();
        var carriers = await db.Carriers.AsNoTracking().ToDictionaryAsync(c => c.Code, cancellationToken);
        var numbers = order.Shipments.Select(s => s.TrackingNumber).OfType<string>().ToArray();
        var scans = (await db.CarrierEvents.AsNoTracking().Where(e => numbers.Contains(e.TrackingNumber)).OrderBy(e => e.At).ToListAsync(cancellationToken))
            .ToLookup(e => (e.Carrier, e.TrackingNumber));
        var parcels = order.Shipments.Select(s =>
        {
            var carrier = s.Carrier is null ? null : carriers.GetValueOrDefault(s.Carrier);
            return new Parcel(s.Status, carrier?.Name ?? s.Carrier, s.TrackingNumber,
                s.TrackingNumber is { } number ? carrier?.TrackingUrl(number) : null,
                [.. scans[(s.Carrier ?? "", s.TrackingNumber ?? "")].Select(e => new ParcelScan(e.At, e.Status, e.Location))]);
        }).ToList();
        return Results.Ok(new ShopperView(order.CurrentState, PlainWords.GetValueOrDefault(order.CurrentState, order.CurrentState), submitted.PlacedAt,
            new Destination(submitted.ShippingAddress?.City, submitted.ShippingAddress?.Country), parcels, timeline));
    }

    private static IResult NotFound() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No order with this tracking token");

    [GeneratedRegex("^[A-Za-z0-9_-]{22}$")]
    private static partial Regex TokenPattern();
}
