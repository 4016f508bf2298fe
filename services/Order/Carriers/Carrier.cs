namespace OmniRetail.Order.Carriers;

/// <summary>A carrier the retailer ships with: its services and price lists, where shoppers follow a parcel, and the secret it signs tracking events with.</summary>
public sealed class Carrier
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    /// <summary>Where a parcel is followed: <c>{trackingNumber}</c> stands for the number.</summary>
    public required string TrackingUrlTemplate { get; set; }

    /// <summary>The secret the carrier signs its tracking events with (HMAC-SHA256), encrypted (<c>PersonalDataProtector</c>).</summary>
    public required string ProtectedSecret { get; set; }

    public List<CarrierServiceOffer> Services { get; set; } = [];

    public DateTime UpdatedAt { get; set; }

    public string TrackingUrl(string trackingNumber) => TrackingUrlTemplate.Replace("{trackingNumber}", Uri.EscapeDataString(trackingNumber), StringComparison.Ordinal);
}
