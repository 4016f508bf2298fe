using OmniRetail.Analytics.Kpis;
using static OmniRetail.Analytics.Tests.Rules.KpiFixture;

namespace OmniRetail.Analytics.Tests.Rules;

public sealed class KpiFiguresTests
{
    private static readonly KpiOrder[] Orders =
    [
        new(At(2, 10), 100m, 2, false, 30m, 1, "c1", At(2, 14), At(3, 14)),
        new(At(2, 12), 25m, 1, false, 0m, 0, "c2", At(2, 20), null),
        new(At(3, 9), 40m, 4, true, 0m, 0, "c1", null, null),
        new(At(3, 18), 60m, 3, false, 0m, 0, null, At(4, 6), At(4, 18)),
    ];

    private static readonly KpiActivity[] Activity =
    [
        new(At(2, 9), "session", "s1"), new(At(2, 9), "session", "s2"), new(At(2, 9), "session", "s3"), new(At(2, 9), "session", "s1"),
        new(At(3, 8), "session", "s4"), new(At(3, 8), "session", "s5"),
        new(At(2, 9), "productView", "s1"), new(At(2, 9), "productView", "s2"), new(At(2, 9), "productView", "s3"),
        new(At(2, 9), "addToCart", "s1"), new(At(2, 9), "addToCart", "s2"), new(At(2, 9), "checkoutStarted", "s1"),
    ];

    private static readonly KpiSurvey[] Surveys = [new(At(2, 20), "csat", 5), new(At(2, 21), "csat", 3), new(At(3, 10), "nps", 10), new(At(3, 11), "nps", 6), new(At(3, 12), "nps", 8)];

    private static readonly Dictionary<string, DateTime> FirstOrder = new() { ["c1"] = At(2, 10), ["c2"] = At(1, 10) };

    [Fact]
    public void The_whole_range_adds_up_as_counted_by_hand()
    {
        var figures = KpiFigures.Of(Orders, Activity, Surveys, FirstOrder, From, To);

        // 4 orders, 1 cancelled; 2 + 1 + 3 units kept; (100 − 30) + 25 + 60 = 155 net; 155 ÷ 3 = 51.67.
        (figures.Orders, figures.CancelledOrders, figures.Units, figures.NetRevenue, figures.AverageOrderValue).ShouldBe((4, 1, 6, 155m, 51.67m));
        // 5 distinct sessions (s1 twice is one): 4 ÷ 5; 1 ÷ 4 cancelled; 1 returned of the 2 + 3 units delivered.
        (figures.Sessions, figures.ConversionRate, figures.CancellationRate, figures.ReturnRate).ShouldBe((5, 0.8m, 0.25m, 0.2m));
        // CSAT 1 of 2; NPS (1 promoter − 1 detractor) ÷ 3 = 0. c1's first order is in the range, c2's before it.
        (figures.Csat, figures.Nps, figures.NewCustomers, figures.ReturningCustomers).ShouldBe((0.5m, 0m, 1, 1));
        // Placed → shipped 4, 8, 12 h: p50 the 2nd, p90 the 3rd. Shipped → delivered 24, 12 h: p50 the 1st of [12, 24], p90 the 2nd.
        figures.LeadTimes.ShouldBe(new LeadTimes(8, 12, 12, 24));
        figures.Funnel.ShouldBe(new Funnel(5, 3, 2, 1, 4));
    }

    [Fact]
    public void Each_day_counts_its_own_orders_sessions_and_answers()
    {
        var monday = KpiFigures.Of(Orders.Take(2).ToList(), Activity.Where(a => a.At.Day == 2).ToList(), Surveys.Where(s => s.AnsweredAt.Day == 2).ToList(), FirstOrder, From, From.AddDays(1));
        (monday.Orders, monday.Units, monday.NetRevenue, monday.AverageOrderValue, monday.Sessions, monday.ConversionRate).ShouldBe((2, 3, 95m, 47.5m, 3, 0.6667m));
        (monday.ReturnRate, monday.Csat, monday.Nps, monday.NewCustomers, monday.ReturningCustomers).ShouldBe((0.5m, 0.5m, null, 1, 1));

        var tuesday = KpiFigures.Of(Orders.Skip(2).ToList(), Activity.Where(a => a.At.Day == 3).ToList(), Surveys.Where(s => s.AnsweredAt.Day == 3).ToList(), FirstOrder, From.AddDays(1), To);
        (tuesday.Orders, tuesday.CancelledOrders, tuesday.Units, tuesday.NetRevenue, tuesday.ConversionRate, tuesday.CancellationRate).ShouldBe((2, 1, 3, 60m, 1m, 0.5m));
        (tuesday.NewCustomers, tuesday.ReturningCustomers, tuesday.Nps).ShouldBe((0, 1, 0m));
    }

    [Fact]
    public void Nothing_to_divide_by_gives_null_rates()
    {
        var empty = KpiFigures.Of([], [], [], FirstOrder, From, To);
        (empty.AverageOrderValue, empty.ConversionRate, empty.CancellationRate, empty.ReturnRate, empty.Csat, empty.Nps).ShouldBe((null, null, null, null, null, null));
        empty.LeadTimes.ShouldBe(new LeadTimes(null, null, null, null));
    }

    [Fact]
    public void Periods_follow_the_calendar_and_are_cut_to_the_range()
    {
        var from = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc); // a Wednesday noon
        var to = new DateTime(2026, 12, 9, 0, 0, 0, DateTimeKind.Utc);
        Periods.Of(from, to, Granularity.Week).Select(p => (p.Start.Day, p.End.Day)).ShouldBe([(25, 30), (30, 7), (7, 9)]);
        Periods.Of(from, to, Granularity.Month).Select(p => (p.Start.Month, p.End.Month)).ShouldBe([(11, 12), (12, 12)]);
        Periods.Of(from, from.AddHours(36), Granularity.Day).Count.ShouldBe(2);
        Periods.TryParse("2026-11-02", out var midnight).ShouldBeTrue();
        midnight.ShouldBe(From);
        Periods.TryParse("2026-11-02T10:00:00+01:00", out var tenCet).ShouldBeTrue();
        tenCet.ShouldBe(At(2, 9));
        Periods.TryParse("yesterday", out _).ShouldBeFalse();
    }
}
