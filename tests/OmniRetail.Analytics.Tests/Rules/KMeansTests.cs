using OmniRetail.Analytics.Clusters;

namespace OmniRetail.Analytics.Tests.Rules;

public sealed class KMeansTests
{
    /// <summary>
    /// Three planted groups of 40 customers, with noise: loyal online buyers (recent, frequent, high spend), lapsed
    /// store shoppers (long ago, rarely, little, in the store) and marketplace bargain hunters who send a lot back.
    /// </summary>
    private static (List<double[]> Points, int[] Truth) Planted()
    {
        var random = new Random(42);
        double Noise(double scale) => (random.NextDouble() - 0.5) * scale;
        var points = new List<double[]>();
        var truth = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            points.Add([5 + Noise(6), 12 + Noise(4), 900 + Noise(300), 3 + Noise(1), 0.02 + Noise(0.03), 0.05 + Noise(0.1), 0.05 + Noise(0.1)]);
            truth.Add(0);
            points.Add([200 + Noise(60), 1.5 + Noise(1), 60 + Noise(40), 1.5 + Noise(1), 0.01 + Noise(0.02), 0.9 + Noise(0.2), 0.02 + Noise(0.04)]);
            truth.Add(1);
            points.Add([60 + Noise(30), 5 + Noise(2), 250 + Noise(100), 2 + Noise(1), 0.35 + Noise(0.1), 0.05 + Noise(0.1), 0.9 + Noise(0.2)]);
            truth.Add(2);
        }

        return (points, truth.ToArray());
    }

    [Fact]
    public void Three_planted_groups_are_recovered_with_k_3_and_an_adjusted_rand_index_of_at_least_0_9()
    {
        var (points, truth) = Planted();

        var clustering = KMeans.Best(KMeans.Standardise(points))!;

        clustering.K.ShouldBe(3);
        AdjustedRandIndex(truth, clustering.Assignments).ShouldBeGreaterThanOrEqualTo(0.9);
        clustering.Silhouette.ShouldBeGreaterThan(0.5);
        KMeans.Best(KMeans.Standardise(points))!.Assignments.ShouldBe(clustering.Assignments, "the same data give the same clusters");
    }

    [Fact]
    public void Labels_name_what_stands_out()
    {
        double[] means = [60, 5, 300, 2, 0.1, 0.3, 0.3];
        double[] deviations = [50, 3, 200, 1, 0.1, 0.4, 0.4];
        ClusterLabels.Of([200, 1, 50, 2, 0.05, 0.9, 0], means, deviations).ShouldBe("occasional, low spend, lapsed, store-heavy");
        ClusterLabels.Of([5, 12, 900, 2, 0.1, 0, 0], means, deviations).ShouldBe("frequent, high spend, recent, online");
        ClusterLabels.Of([60, 5, 300, 2, 0.35, 0, 0.9], means, deviations).ShouldBe("returns a lot, marketplace-heavy");
    }

    [Fact]
    public void The_silhouette_of_two_tight_far_apart_pairs_is_near_1()
    {
        double[][] points = [[0, 0], [0, 0.1], [10, 10], [10, 10.1]];
        KMeans.Silhouette(points, [0, 0, 1, 1], 2).ShouldBeGreaterThan(0.99);
        KMeans.Silhouette(points, [0, 1, 0, 1], 2).ShouldBeLessThan(0);
        KMeans.Best([[1.0], [2.0]]).ShouldBeNull();
    }

    /// <summary>Hubert and Arabie's adjusted Rand index: 1 for the same partition, about 0 for chance.</summary>
    private static double AdjustedRandIndex(int[] truth, int[] found)
    {
        static double Pairs(double n) => n * (n - 1) / 2;
        var table = truth.Zip(found).GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        var index = table.Values.Sum(n => Pairs(n));
        var rows = truth.GroupBy(t => t).Sum(g => Pairs(g.Count()));
        var columns = found.GroupBy(f => f).Sum(g => Pairs(g.Count()));
        var expected = rows * columns / Pairs(truth.Length);
        return (index - expected) / ((rows + columns) / 2 - expected);
    }
}
