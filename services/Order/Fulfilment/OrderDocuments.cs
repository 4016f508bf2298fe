using System.Text.Json;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.Contracts.Channels;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Contracts.Orders;
using OmniRetail.Order.Carriers;

namespace OmniRetail.Order.Fulfilment;

/// <param name="CarrierService">The carrier service chosen when the shipment was packed (or by staff when shipping); null before, or when none fits.</param>
/// <param name="LastCarrierEventAt">The time of the newest carrier event that changed the shipment: an older one arriving later only joins the timeline.</param>
public sealed record Shipment(
    Guid Id, string Warehouse, IReadOnlyList<StockLine> Lines, string Status, string? Carrier, string? TrackingNumber, DateTime? ShippedAt,
    ChosenCarrierService? CarrierService = null, DateTime? LastCarrierEventAt = null)
{
    /// <summary>No fitting carrier service keeps the channel's delivery promise: the fastest was chosen.</summary>
    public bool PromiseAtRisk => CarrierService?.PromiseAtRisk ?? false;
}

public sealed record InvoiceLine(string Sku, int Quantity, decimal UnitPrice, decimal Amount);

/// <summary><see cref="Number"/> is given by the database as the order's transaction commits (<see cref="Invoicing"/>).</summary>
public sealed record Invoice(string? Number, DateTime IssuedAt, string Currency, IReadOnlyList<InvoiceLine> Lines, decimal Discount, decimal Shipping, decimal Net, decimal Tax, decimal Total);

/// <summary>The submitted order, kept encrypted in <see cref="OrderState"/>; and bringing old shipment documents up to date.</summary>
public static class OrderDocuments
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public static OrderSubmitted SubmittedOrder(this OrderState order, PersonalDataProtector protector) =>
        JsonSerializer.Deserialize<OrderSubmitted>(protector.Unprotect(order.Submitted), Json)!;

    public static void KeepSubmitted(this OrderState order, OrderSubmitted submitted, PersonalDataProtector protector)
    {
        order.Submitted = protector.Protect(JsonSerializer.Serialize(submitted, Json));
        order.CustomerLookup = submitted.Customer.Email is { Length: > 0 } email ? protector.LookupKey(email) : null;
    }

    /// <summary>Shipments stored before the statuses had business names carry the event's type name.</summary>
    public static List<Shipment> WithCurrentStatuses(List<Shipment> shipments) => shipments.Select(s => s with { Status = CurrentName(s.Status) }).ToList();

    private static string CurrentName(string status) => status switch
    {
        "ShipmentPackedEvent" => ShipmentStatus.Packed,
        "ShipmentShippedEvent" => ShipmentStatus.Shipped,
        _ => status,
    };
}
