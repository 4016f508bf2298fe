namespace OmniRetail.Customer.Loyalty;

/// <summary>The retailer's loyalty programme: one row, replaced whole by <c>PUT /api/loyalty/program</c>.</summary>
public sealed class LoyaltyProgram
{
    public int Id { get; set; } = 1;

    /// <summary>Points per unit of the base currency of an order's net amount, rounded down.</summary>
    public decimal PointsPerUnit { get; set; }

    /// <summary>Ascending by <see cref="LoyaltyTier.MinPoints"/>.</summary>
    public List<LoyaltyTier> Tiers { get; set; } = [];

    public int ExpiryMonths { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>The points an order earns: ⌊net amount in base currency × pointsPerUnit⌋.</summary>
    public long PointsFor(decimal baseAmount) => baseAmount <= 0 ? 0 : (long)Math.Floor(baseAmount * PointsPerUnit);

    /// <summary>The highest tier whose minimum the qualifying points reach; null below the lowest.</summary>
    public string? TierFor(long qualifyingPoints) => Tiers.Where(t => qualifyingPoints >= t.MinPoints).OrderByDescending(t => t.MinPoints).FirstOrDefault()?.Name;
}

public sealed record LoyaltyTier(string Name, long MinPoints);

/// <summary>One movement of a customer's points. Earned points are a lot that redemptions and expiry use up oldest first.</summary>
public sealed class LoyaltyEntry
{
    public long Id { get; set; }

    public Guid CustomerId { get; set; }

    /// <summary><see cref="LoyaltyEntryKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>Signed: earned points are positive, everything else negative.</summary>
    public long Points { get; set; }

    /// <summary>The order, the return, the redemption's own reference, the expired lot: one entry per kind and reference.</summary>
    public required string Reference { get; set; }

    public Guid? OrderId { get; set; }

    public DateTime At { get; set; }

    /// <summary>An earned lot's expiry.</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>What is left of an earned lot after redemptions, reversals and expiry.</summary>
    public long Remaining { get; set; }
}

public static class LoyaltyEntryKinds
{
    public const string Earned = "earned";
    public const string Reversed = "reversed";
    public const string Redeemed = "redeemed";
    public const string Expired = "expired";
}
