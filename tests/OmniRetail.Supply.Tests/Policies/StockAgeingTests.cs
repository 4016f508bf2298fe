using OmniRetail.Supply.Policies;

namespace OmniRetail.Supply.Tests.Policies;

public sealed class StockAgeingTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    private static readonly StockArrival[] Arrivals =
    [
        new(new DateOnly(2026, 6, 1), 30), // 183 days old
        new(new DateOnly(2026, 10, 1), 20), // 61 days
        new(new DateOnly(2026, 11, 20), 10), // 11 days
    ];

    [Fact]
    public void What_is_on_hand_is_what_arrived_last_because_the_oldest_units_leave_first() =>
        StockAgeing.Of(45, Arrivals, Today).ShouldBe(new AgeingBuckets(10, 20, 0, 15));

    [Fact]
    public void Units_older_than_every_known_arrival_count_as_over_180_days() =>
        StockAgeing.Of(70, Arrivals, Today).ShouldBe(new AgeingBuckets(10, 20, 0, 40));
}
