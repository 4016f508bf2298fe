using OmniRetail.Customer.Surveys;

namespace OmniRetail.Customer.Tests.Rules;

public sealed class SatisfactionTests
{
    [Fact]
    public void Csat_is_the_share_of_4s_and_5s_and_nps_promoters_less_detractors()
    {
        SurveyFact[] surveys =
        [
            // CSAT: 5 answers (5, 4, 3, 2, 5) of 8 issued → 3 satisfied = 60.0 %, response rate 62.5 %.
            new(SurveyKinds.Csat, 5), new(SurveyKinds.Csat, 4), new(SurveyKinds.Csat, 3), new(SurveyKinds.Csat, 2), new(SurveyKinds.Csat, 5),
            new(SurveyKinds.Csat, null), new(SurveyKinds.Csat, null), new(SurveyKinds.Csat, null),
            // NPS: 10, 9, 9, 8, 7, 6, 0 of 7 issued → 3 promoters, 2 passives, 2 detractors: 100 × (3 − 2) ÷ 7 = 14.3.
            new(SurveyKinds.Nps, 10), new(SurveyKinds.Nps, 9), new(SurveyKinds.Nps, 9), new(SurveyKinds.Nps, 8), new(SurveyKinds.Nps, 7),
            new(SurveyKinds.Nps, 6), new(SurveyKinds.Nps, 0),
        ];

        var figures = SatisfactionFigures.Of(surveys);

        figures.ShouldBe(new SatisfactionFigures(8, 5, 3, 60.0m, 62.5m, 7, 7, 3, 2, 2, 14.3m, 100.0m));
    }

    [Fact]
    public void Nothing_answered_gives_no_percentages()
    {
        var figures = SatisfactionFigures.Of([new SurveyFact(SurveyKinds.Csat, null)]);
        figures.CsatPercent.ShouldBeNull();
        figures.CsatResponseRate.ShouldBe(0m);
        figures.Nps.ShouldBeNull();
        figures.NpsResponseRate.ShouldBeNull();
    }
}
