namespace OmniRetail.Supply.Policies;

public sealed record StockArrival(DateOnly Date, int Quantity);

public sealed record AgeingBuckets(int Days0To30, int Days31To90, int Days91To180, int Over180);

/// <summary>
/// How old the units on hand are, FIFO: the oldest units leave first, so what is on hand is what arrived last. Units
/// beyond every arrival OmniRetail has seen (stock older than its records) count as over 180 days.
/// </summary>
public static class StockAgeing
{
    public static AgeingBuckets Of(int onHand, IEnumerable<StockArrival> arrivals, DateOnly today)
    {
        int[] buckets = [0, 0, 0, 0];
        var remaining = Math.Max(0, onHand);
        foreach (var arrival in arrivals.OrderByDescending(a => a.Date))
        {
            if (remaining == 0)
            {
                break;
            }

            var units = Math.Min(remaining, arrival.Quantity);
            buckets[Bucket(today.DayNumber - arrival.Date.DayNumber)] += units;
            remaining -= units;
        }

        buckets[3] += remaining;
        return new AgeingBuckets(buckets[0], buckets[1], buckets[2], buckets[3]);
    }

    private static int Bucket(int age) => age switch
    {
        <= 30 => 0,
        <= 90 => 1,
        <= 180 => 2,
        _ => 3,
    };
}
