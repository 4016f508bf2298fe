using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using OmniRetail.Supply.Policies;

namespace OmniRetail.Supply.Tests.Policies;

public sealed class DemandForecastTests
{
    private static readonly double[] WeeklyShape = [-5, -3, 0, 2, 4, 6, -4];

    /// <summary>20 + 0.1·t plus a weekly shape, with N(0, 1) noise from a fixed seed.</summary>
    private static List<DemandDay> Synthetic(int days, double trend = 0.1, double noise = 1)
    {
        var random = new MersenneTwister(42);
        var start = new DateOnly(2026, 1, 5);
        return Enumerable.Range(0, days)
            .Select(t => new DemandDay(start.AddDays(t), Math.Max(0, 20 + trend * t + WeeklyShape[t % 7] + Normal.Sample(random, 0, noise)), false))
            .ToList();
    }

    [Fact]
    public void On_a_series_with_trend_and_weekly_season_holt_winters_beats_seasonal_naive_in_the_backtest()
    {
        var result = DemandForecast.Forecast(Synthetic(182));

        result.ModelError.ShouldNotBeNull();
        result.SeasonalNaiveError.ShouldNotBeNull();
        result.ModelError.Value.ShouldBeLessThan(result.SeasonalNaiveError.Value);
        result.BeatsSeasonalNaive.ShouldBeTrue();
    }

    [Fact]
    public void The_forecast_follows_the_trend_and_the_weekday_pattern()
    {
        var history = Synthetic(182);

        var result = DemandForecast.Forecast(history);

        // The next 28 days' true mean: 20 + 0.1 · (182 + 13.5) (the weekly shape sums to 0 over four whole weeks) = 39.55.
        result.Next.Count.ShouldBe(28);
        result.Mean.ShouldBe(39.55, 1.5);
        // Day 182 is weekday index 0 (-5) and day 187 index 5 (+6): the forecast keeps that gap.
        (result.Next[5] - result.Next[0]).ShouldBe(11, 2.5);
    }

    [Fact]
    public void Without_enough_history_there_is_no_forecast_and_the_note_says_why()
    {
        var result = DemandForecast.Forecast(Synthetic(30));

        result.Next.ShouldBeEmpty();
        result.BeatsSeasonalNaive.ShouldBeFalse();
        result.Note.ShouldNotBeNull().ShouldContain("56");
    }

    [Fact]
    public void A_flat_noisy_series_gives_a_forecast_near_its_level_whichever_method_wins()
    {
        var result = DemandForecast.Forecast(Synthetic(120, trend: 0, noise: 3));

        result.Mean.ShouldBe(20, 2);
        result.Next.ShouldAllBe(value => value >= 0);
    }
}
