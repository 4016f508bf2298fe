namespace OmniRetail.Supply.Policies;

/// <summary>
/// The next days' demand from additive Holt-Winters with a damped trend (level, trend, weekly season), its smoothing
/// constants and damping fitted on the history by grid search, with its backtest next to a seasonal-naive forecast's
/// (last week repeated). Damping keeps a trend read into noise from running away over the horizon.
/// </summary>
/// <remarks>
/// Errors are MASE: the mean absolute error over the backtest days, divided by the mean absolute error of a one-week-ago
/// forecast within the training days, so both forecasts are measured on the same scale and 1.0 means "as good as
/// copying last week in training". Stockout days are not scored (their demand was capped by the stock).
/// </remarks>
public static class DemandForecast
{
    public const int Season = 7;
    public const int Horizon = 28;
    public const int MinimumTrainingDays = 4 * Season;
    public const int MinimumHistoryDays = MinimumTrainingDays + Horizon;

    private static readonly double[] Grid = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    private static readonly double[] TrendGrid = [0, 0.05, 0.1, 0.2, 0.4];

    private static readonly double[] DampingGrid = [0.8, 0.9, 0.98, 1.0];

    public sealed record Result(
        IReadOnlyList<double> Next, double Mean, double? ModelError, double? SeasonalNaiveError, bool BeatsSeasonalNaive,
        double Alpha, double Beta, double Gamma, double Phi, string? Note);

    public static Result Forecast(IReadOnlyList<DemandDay> history)
    {
        if (history.Count < MinimumHistoryDays)
        {
            return new Result([], 0, null, null, false, 0, 0, 0, 0, $"needs at least {MinimumHistoryDays} days of history, has {history.Count}");
        }

        var series = WithStockoutsFilled(history);
        var training = series[..^Horizon];
        var backtest = Fit(training);
        var modelForecast = backtest.Forecast(Horizon);
        var naiveForecast = Enumerable.Range(0, Horizon).Select(h => training[training.Length - Season + h % Season]).ToArray();
        var scale = Enumerable.Range(Season, training.Length - Season).Average(t => Math.Abs(training[t] - training[t - Season]));
        var scored = Enumerable.Range(0, Horizon).Where(h => !history[training.Length + h].Stockout).ToArray();
        double? modelError = null, naiveError = null;
        if (scored.Length > 0 && scale > 0)
        {
            modelError = scored.Average(h => Math.Abs(series[training.Length + h] - modelForecast[h])) / scale;
            naiveError = scored.Average(h => Math.Abs(series[training.Length + h] - naiveForecast[h])) / scale;
        }

        var final = Fit(series);
        var next = final.Forecast(Horizon);
        return new Result(next, next.Average(), modelError, naiveError, modelError < naiveError, final.Alpha, final.Beta, final.Gamma, final.Phi, null);
    }

    /// <summary>A stockout day's demand is unknown: the same weekday a week earlier stands in for it.</summary>
    private static double[] WithStockoutsFilled(IReadOnlyList<DemandDay> history)
    {
        var values = new double[history.Count];
        for (var t = 0; t < values.Length; t++)
        {
            values[t] = history[t].Stockout && t >= Season ? values[t - Season] : history[t].Quantity;
        }

        return values;
    }

    private static Model Fit(double[] y)
    {
        Model? best = null;
        foreach (var alpha in Grid)
        {
            foreach (var beta in TrendGrid)
            {
                foreach (var gamma in Grid)
                {
                    foreach (var phi in DampingGrid)
                    {
                        var model = Model.Run(y, alpha, beta, gamma, phi);
                        if (best is null || model.SquaredError < best.SquaredError)
                        {
                            best = model;
                        }
                    }
                }
            }
        }

        return best!;
    }

    private sealed record Model(double Alpha, double Beta, double Gamma, double Phi, double Level, double Trend, double[] Seasonals, double SquaredError)
    {
        /// <summary>Initial level and trend from the first two weeks, initial season from the first week; one-step errors after that.</summary>
        public static Model Run(double[] y, double alpha, double beta, double gamma, double phi)
        {
            var firstWeek = y[..Season].Average();
            var secondWeek = y[Season..(2 * Season)].Average();
            var level = firstWeek;
            var trend = (secondWeek - firstWeek) / Season;
            var seasonals = y[..Season].Select(value => value - firstWeek).ToArray();
            var squaredError = 0.0;
            for (var t = Season; t < y.Length; t++)
            {
                var seasonal = seasonals[t % Season];
                var error = y[t] - (level + phi * trend + seasonal);
                squaredError += error * error;
                var previousLevel = level;
                level = alpha * (y[t] - seasonal) + (1 - alpha) * (level + phi * trend);
                trend = beta * (level - previousLevel) + (1 - beta) * phi * trend;
                seasonals[t % Season] = gamma * (y[t] - level) + (1 - gamma) * seasonal;
            }

            return new Model(alpha, beta, gamma, phi, level, trend, seasonals, squaredError) { Length = y.Length };
        }

        public int Length { get; private init; }

        /// <summary>h days ahead: level + (φ + φ² + … + φʰ)·trend + that weekday's season, never below zero.</summary>
        public double[] Forecast(int horizon)
        {
            var forecast = new double[horizon];
            var damped = 0.0;
            for (var h = 1; h <= horizon; h++)
            {
                damped += Math.Pow(Phi, h);
                forecast[h - 1] = Math.Max(0, Level + damped * Trend + Seasonals[(Length + h - 1) % Season]);
            }

            return forecast;
        }
    }
}
