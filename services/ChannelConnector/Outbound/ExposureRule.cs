namespace OmniRetail.ChannelConnector.Outbound;

/// <summary>
/// How much of the available stock a channel may sell: a share of it, less a buffer, within bounds, and nothing at
/// all when stock is low. The channel's rule; a SKU may override any field (<see cref="ExposureOverride"/>).
/// </summary>
public sealed record ExposureRule
{
    public int Percent { get; init; } = 100;

    public int BufferUnits { get; init; }

    public int? MinUnits { get; init; }

    public int? MaxUnits { get; init; }

    public int? LowStockThreshold { get; init; }

    public static readonly ExposureRule Default = new();

    /// <summary>
    /// ats = available ≤ lowStockThreshold ? 0 : clamp(floor(available × percent / 100) − bufferUnits, minUnits, maxUnits),
    /// never below 0 and never above available.
    /// </summary>
    public int AvailableToSell(int available)
    {
        if (available <= 0 || available <= LowStockThreshold)
        {
            return 0;
        }

        var shown = (int)Math.Floor(available * (long)Percent / 100.0) - BufferUnits;
        shown = MinUnits is { } min ? Math.Max(shown, min) : shown;
        shown = MaxUnits is { } max ? Math.Min(shown, max) : shown;
        return Math.Clamp(shown, 0, available);
    }

    public ExposureRule With(ExposureOverride? overrides) => overrides is null ? this : new ExposureRule
    {
        Percent = overrides.Percent ?? Percent,
        BufferUnits = overrides.BufferUnits ?? BufferUnits,
        MinUnits = overrides.MinUnits ?? MinUnits,
        MaxUnits = overrides.MaxUnits ?? MaxUnits,
        LowStockThreshold = overrides.LowStockThreshold ?? LowStockThreshold,
    };
}

/// <summary>A SKU's exceptions to its channel's rule: a field left out (null) inherits the channel's.</summary>
public sealed record ExposureOverride(int? Percent, int? BufferUnits, int? MinUnits, int? MaxUnits, int? LowStockThreshold);
