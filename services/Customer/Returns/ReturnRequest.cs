using OmniRetail.Contracts.Customers;

namespace OmniRetail.Customer.Returns;

/// <summary>Goods a customer sends back: authorised, received line by line, then refunded or exchanged.</summary>
public sealed class ReturnRequest
{
    public Guid Id { get; set; }

    public long Sequence { get; set; }

    /// <summary>RMA-000001.</summary>
    public string Number { get; set; } = "";

    public Guid OrderId { get; set; }

    public Guid? CustomerId { get; set; }

    public string ChannelCode { get; set; } = "";

    public string Currency { get; set; } = "";

    public string Status { get; set; } = ReturnStatus.Authorised;

    /// <summary><see cref="ReturnResolutions"/>.</summary>
    public required string Resolution { get; set; }

    public List<ReturnLine> Lines { get; set; } = [];

    public List<ReturnReceipt> Receipts { get; set; } = [];

    public DateTime AuthorisedAt { get; set; }

    /// <summary>Why staff authorised it outside the return window.</summary>
    public string? OverrideReason { get; set; }

    public DateTime? ReceivedAt { get; set; }

    public decimal? RefundAmount { get; set; }

    public DateTime? RefundedAt { get; set; }

    public Guid? ExchangeOrderId { get; set; }

    public DateTime? ExchangedAt { get; set; }

    public Guid? TicketId { get; set; }

    public bool FullyReceived => Lines.All(line => line.Received >= line.Quantity);
}

public sealed record ReturnLine
{
    public required string Sku { get; init; }

    public required int Quantity { get; init; }

    public required string Reason { get; init; }

    /// <summary>What one unit was paid (the order's net unit price, promotions included): what a refund pays back.</summary>
    public required decimal UnitRefund { get; init; }

    /// <summary>The replacement SKU of an exchange.</summary>
    public string? ExchangeSku { get; init; }

    public int Resellable { get; init; }

    public int Damaged { get; init; }

    public int Received => Resellable + Damaged;
}

public sealed record ReturnReceipt(Guid ReceiptId, string Warehouse, DateTime At, IReadOnlyList<ReturnedLine> Lines);

public static class ReturnStatus
{
    public const string Authorised = nameof(Authorised);
    public const string Received = nameof(Received);
    public const string Refunded = nameof(Refunded);
    public const string Exchanged = nameof(Exchanged);

    public static readonly IReadOnlyList<string> All = [Authorised, Received, Refunded, Exchanged];
}

public static class ReturnResolutions
{
    public const string Refund = "refund";
    public const string Exchange = "exchange";

    public static readonly IReadOnlyList<string> All = [Refund, Exchange];
}
