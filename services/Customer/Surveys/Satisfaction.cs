using OmniRetail.Contracts.Customers;

namespace OmniRetail.Customer.Surveys;

/// <summary>One issued survey as the figures count it.</summary>
public sealed record SurveyFact(string Kind, int? Score);

/// <summary>
/// Satisfaction over a set of issued surveys:
/// CSAT % = 100 × answers scoring 4 or 5 ÷ CSAT answers; NPS = 100 × (promoters (9–10) − detractors (0–6)) ÷ NPS answers;
/// response rate % = 100 × answers ÷ surveys issued. Each to one decimal; null when there is nothing to divide by.
/// </summary>
public sealed record SatisfactionFigures(
    int CsatIssued, int CsatAnswers, int Satisfied, decimal? CsatPercent, decimal? CsatResponseRate,
    int NpsIssued, int NpsAnswers, int Promoters, int Passives, int Detractors, decimal? Nps, decimal? NpsResponseRate)
{
    public static SatisfactionFigures Of(IReadOnlyCollection<SurveyFact> surveys)
    {
        var csat = surveys.Where(s => s.Kind == SurveyKinds.Csat).ToList();
        var nps = surveys.Where(s => s.Kind == SurveyKinds.Nps).ToList();
        var csatScores = csat.Where(s => s.Score is not null).Select(s => s.Score!.Value).ToList();
        var npsScores = nps.Where(s => s.Score is not null).Select(s => s.Score!.Value).ToList();
        var satisfied = csatScores.Count(SurveyScores.Satisfied);
        var promoters = npsScores.Count(SurveyScores.Promoter);
        var detractors = npsScores.Count(SurveyScores.Detractor);
        return new SatisfactionFigures(
            csat.Count, csatScores.Count, satisfied, Percent(satisfied, csatScores.Count), Percent(csatScores.Count, csat.Count),
            nps.Count, npsScores.Count, promoters, npsScores.Count - promoters - detractors, detractors, Percent(promoters - detractors, npsScores.Count),
            Percent(npsScores.Count, nps.Count));
    }

    private static decimal? Percent(int part, int whole) => whole == 0 ? null : Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);
}
