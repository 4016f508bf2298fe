using OmniRetail.Customer.Segments;

namespace OmniRetail.Customer.Tests.Rules;

public sealed class RfmTests
{
    private static readonly Guid[] Ids = Enumerable.Range(1, 10).Select(i => new Guid(i, 0, 0, new byte[8])).ToArray();

    [Fact]
    public void Ten_customers_with_distinct_values_score_in_pairs_from_1_to_5()
    {
        // Customer i (1..10): last order 10·i days ago, i orders, 100·i of value. Worse on recency = more days.
        var facts = Enumerable.Range(1, 10).Select(i => new RfmFacts(Ids[i - 1], 10 * i, i, 100m * i)).ToList();

        var scores = Rfm.Score(facts).ToDictionary(s => s.CustomerId);

        // 1 + ⌊5 × worse ÷ 10⌋: customer 1 has 9 worse on recency (R 5), 0 worse on F and M (F 1, M 1).
        int[] expectedR = [5, 5, 4, 4, 3, 3, 2, 2, 1, 1];
        int[] expectedFm = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5];
        for (var i = 0; i < 10; i++)
        {
            (scores[Ids[i]].R, scores[Ids[i]].F, scores[Ids[i]].M).ShouldBe((expectedR[i], expectedFm[i], expectedFm[i]), $"customer {i + 1}");
        }

        // R 5, FM 1: New. R 3, FM 3: Potential loyalist. R 1, FM 5: Cannot lose. R 2, FM 4: At risk.
        scores[Ids[0]].Segment.ShouldBe(Rfm.New);
        scores[Ids[4]].Segment.ShouldBe(Rfm.PotentialLoyalist);
        scores[Ids[9]].Segment.ShouldBe(Rfm.CannotLose);
        scores[Ids[6]].Segment.ShouldBe(Rfm.AtRisk);
    }

    [Fact]
    public void Equal_values_score_alike_and_a_lone_customer_scores_1()
    {
        var tied = Rfm.Score([new(Ids[0], 5, 2, 50m), new(Ids[1], 5, 2, 50m), new(Ids[2], 400, 1, 10m)]).ToDictionary(s => s.CustomerId);
        // Two tied: one customer is worse than each of them on every measure → 1 + ⌊5 × 1 ÷ 3⌋ = 2.
        (tied[Ids[0]].R, tied[Ids[0]].F, tied[Ids[0]].M).ShouldBe((2, 2, 2));
        (tied[Ids[1]].R, tied[Ids[1]].F, tied[Ids[1]].M).ShouldBe((2, 2, 2));
        (tied[Ids[2]].R, tied[Ids[2]].F, tied[Ids[2]].M).ShouldBe((1, 1, 1));

        Rfm.Score([new(Ids[0], 1, 9, 999m)]).Single().ShouldBe(new RfmScore(Ids[0], 1, 1, 1, Rfm.Lost));
    }

    [Theory]
    [InlineData(5, 5, 5, Rfm.Champions)]
    [InlineData(4, 4, 3, Rfm.Champions)] // FM = ⌈3.5⌉ = 4
    [InlineData(3, 5, 4, Rfm.Loyal)]
    [InlineData(3, 2, 2, Rfm.PotentialLoyalist)]
    [InlineData(5, 1, 2, Rfm.PotentialLoyalist)] // FM = ⌈1.5⌉ = 2
    [InlineData(4, 1, 1, Rfm.New)]
    [InlineData(2, 5, 5, Rfm.CannotLose)]
    [InlineData(1, 3, 3, Rfm.AtRisk)]
    [InlineData(2, 1, 2, Rfm.Hibernating)]
    [InlineData(3, 1, 1, Rfm.Hibernating)]
    [InlineData(1, 2, 2, Rfm.Lost)]
    [InlineData(1, 1, 1, Rfm.Lost)]
    public void Segments_follow_the_table(int r, int f, int m, string segment) => Rfm.SegmentOf(r, f, m).ShouldBe(segment);

    [Fact]
    public void Every_score_combination_has_a_segment()
    {
        var all = from r in Enumerable.Range(1, 5) from f in Enumerable.Range(1, 5) from m in Enumerable.Range(1, 5) select Rfm.SegmentOf(r, f, m);
        all.Distinct().Order().ShouldBe(Rfm.Segments.Order());
    }
}
