namespace OmniRetail.ChannelConnector.Push;

/// <summary>
/// What a channel should show for a SKU and what it was last told. Each change of a wanted value takes a new number from
/// one database sequence, so a newer value always carries the larger number; a value is pending while its number is
/// above the number last settled. One row per (channel, SKU) holds both stock and price, so one lease covers both and a
/// channel never has two requests for the same SKU in flight.
/// </summary>
public sealed class ChannelPush
{
    public required string ChannelCode { get; init; }

    public required string Sku { get; init; }

    public int StockValue { get; set; }

    public long StockSequence { get; set; }

    /// <summary>The stock number last settled: sent and accepted, or refused by the channel for good.</summary>
    public long StockSettledSequence { get; set; }

    public int? PushedStock { get; set; }

    public DateTime? PushedStockAt { get; set; }

    /// <summary>Null while no price is known for the SKU (no listing price and no list price): nothing to send.</summary>
    public decimal? PriceValue { get; set; }

    public string? Currency { get; set; }

    public long PriceSequence { get; set; }

    public long PriceSettledSequence { get; set; }

    public decimal? PushedPrice { get; set; }

    public DateTime? PushedPriceAt { get; set; }

    /// <summary>When a wanted value last changed: where the delay to the channel is measured from.</summary>
    public DateTime ChangedAt { get; set; }

    /// <summary>Not tried again before this (backoff after the channel failed, or its Retry-After).</summary>
    public DateTime Due { get; set; }

    /// <summary>Set while a worker is sending; a worker that dies lets it lapse and another one takes the row over.</summary>
    public DateTime? LeaseUntil { get; set; }

    /// <summary>Attempts that failed since the last one that settled: numbers the next attempts in the sync log.</summary>
    public int FailedAttempts { get; set; }

    /// <summary>Rounds of retries that failed since the last settled one: how long the next wait is.</summary>
    public int FailedRounds { get; set; }

    public bool StockPending => StockSequence > StockSettledSequence;

    public bool PricePending => PriceValue is not null && PriceSequence > PriceSettledSequence;
}

/// <summary>One request to a channel, as the sync log shows it.</summary>
public sealed class SyncAttempt
{
    public long Id { get; init; }

    public required string ChannelCode { get; init; }

    /// <summary>"" for an order update.</summary>
    public required string Sku { get; init; }

    /// <summary>The channel's order id, for an order update (<c>OrderUpdateKinds</c>); null for stock and price.</summary>
    public string? OrderExternalId { get; init; }

    public DateTime At { get; init; }

    /// <summary><see cref="PushKinds"/>, or an <c>OrderUpdateKinds</c> value.</summary>
    public required string Kind { get; init; }

    public required string Value { get; init; }

    public long Sequence { get; init; }

    /// <summary>The channel's HTTP status, or what went wrong on the way ("timeout", "network: …").</summary>
    public required string Status { get; init; }

    /// <summary>1 for the first try of a value, counting up while the channel keeps failing.</summary>
    public int Attempt { get; init; }
}

public static class PushKinds
{
    public const string Stock = "stock";
    public const string Price = "price";
}
