namespace OmniRetail.Analytics.Tests.Rules;

/// <summary>
/// Two days of a small shop, counted by hand (EUR; the dollar order at 0.5):
/// A 2026-11-02 10:00 net 100, 2 units, customer c1 (her first order), shipped after 4 h, delivered 24 h later, 1 unit returned for 30.
/// B 11-02 12:00 net 50 USD = 25 EUR, 1 unit, customer c2 (first ordered 11-01), shipped after 8 h.
/// C 11-03 09:00 net 40, 4 units, customer c1, cancelled.
/// D 11-03 18:00 net 60, 3 units, no customer, shipped after 12 h, delivered 12 h later.
/// c2's first order, 11-01 10:00, net 10, 1 unit, falls in the previous range.
/// Sessions s1–s3 on 11-02, s4 and s5 on 11-03; 3 product views, 2 add-to-carts, 1 checkout on 11-02.
/// CSAT 5 and 3 on 11-02, NPS 10, 6 and 8 on 11-03.
/// </summary>
public static class KpiFixture
{
    public static readonly DateTime From = new(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime To = new(2026, 11, 4, 0, 0, 0, DateTimeKind.Utc);

    public static DateTime At(int day, int hour) => new(2026, 11, day, hour, 0, 0, DateTimeKind.Utc);
}
