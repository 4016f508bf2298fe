namespace OmniRetail.Inventory.Transfers;

/// <summary>Units on their way from one warehouse to another: they left <see cref="From"/> when sent and reach <see cref="To"/> when received.</summary>
public sealed class StockTransfer
{
    public required Guid Id { get; init; }

    public required string Sku { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    public required int Quantity { get; init; }

    public required DateTime SentAt { get; init; }

    public DateTime? ReceivedAt { get; set; }

    public string Status => ReceivedAt is null ? TransferStatus.InTransit : TransferStatus.Received;
}

public static class TransferStatus
{
    public const string InTransit = "in-transit";
    public const string Received = "received";
}
