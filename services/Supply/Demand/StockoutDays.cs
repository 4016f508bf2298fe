using Microsoft.EntityFrameworkCore;
using OmniRetail.Supply.Persistence;

namespace OmniRetail.Supply.Demand;

public static class StockoutDays
{
    /// <summary>Every day the span from <paramref name="from"/> to <paramref name="to"/> touches is a stockout day.</summary>
    public static IEnumerable<DateOnly> Touched(DateTime from, DateTime to)
    {
        for (var day = DateOnly.FromDateTime(from); day <= DateOnly.FromDateTime(to); day = day.AddDays(1))
        {
            yield return day;
        }
    }

    public static async Task Record(SupplyDbContext db, string sku, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var days = Touched(from, to).ToList();
        var known = await db.StockoutDays.Where(d => d.Sku == sku && days.Contains(d.Date)).Select(d => d.Date).ToListAsync(cancellationToken);
        db.StockoutDays.AddRange(days.Except(known).Select(date => new StockoutDay { Sku = sku, Date = date }));
    }
}
