namespace OmniRetail.Analytics.Clusters;

/// <summary>One clustering: each point's cluster, the centroids (in the standardised space) and the mean silhouette.</summary>
public sealed record Clustering(int K, int[] Assignments, double[][] Centroids, double Silhouette);

/// <summary>
/// k-means (Lloyd's iterations from k-means++ seeds, several restarts, the lowest within-cluster sum of squares kept)
/// on standardised features (z = (x − mean) ÷ standard deviation; a constant feature is 0), with k chosen between 2 and
/// 8 by the highest mean silhouette (s = (b − a) ÷ max(a, b), a the mean distance to its own cluster, b to the nearest
/// other). Seeded: the same data give the same clusters.
/// </summary>
public static class KMeans
{
    public const int MinK = 2;
    public const int MaxK = 8;
    private const int Restarts = 8;
    private const int MaxIterations = 100;

    public static double[][] Standardise(IReadOnlyList<double[]> points)
    {
        var dimensions = points[0].Length;
        var means = Enumerable.Range(0, dimensions).Select(d => points.Average(p => p[d])).ToArray();
        var deviations = Enumerable.Range(0, dimensions).Select(d => Math.Sqrt(points.Average(p => (p[d] - means[d]) * (p[d] - means[d])))).ToArray();
        return points.Select(p => Enumerable.Range(0, dimensions).Select(d => deviations[d] == 0 ? 0 : (p[d] - means[d]) / deviations[d]).ToArray()).ToArray();
    }

    /// <summary>The best k between 2 and 8 (at most n − 1) by silhouette; null with fewer than 3 points.</summary>
    public static Clustering? Best(double[][] points, int seed = 17)
    {
        if (points.Length < 3)
        {
            return null;
        }

        return Enumerable.Range(MinK, Math.Min(MaxK, points.Length - 1) - MinK + 1)
            .Select(k => Fit(points, k, seed))
            .OrderByDescending(c => c.Silhouette).ThenBy(c => c.K).First();
    }

    public static Clustering Fit(double[][] points, int k, int seed = 17)
    {
        var random = new Random(seed + k);
        (int[] Assignments, double[][] Centroids, double Inertia)? best = null;
        for (var restart = 0; restart < Restarts; restart++)
        {
            var centroids = Seeds(points, k, random);
            var assignments = new int[points.Length];
            for (var iteration = 0; iteration < MaxIterations; iteration++)
            {
                var changed = false;
                for (var i = 0; i < points.Length; i++)
                {
                    var nearest = Nearest(points[i], centroids);
                    changed |= nearest != assignments[i] || iteration == 0;
                    assignments[i] = nearest;
                }

                centroids = Enumerable.Range(0, k).Select(c =>
                {
                    var members = points.Where((_, i) => assignments[i] == c).ToList();
                    return members.Count == 0 ? centroids[c] : Enumerable.Range(0, points[0].Length).Select(d => members.Average(p => p[d])).ToArray();
                }).ToArray();
                if (!changed)
                {
                    break;
                }
            }

            var inertia = points.Select((p, i) => Distance2(p, centroids[assignments[i]])).Sum();
            if (best is null || inertia < best.Value.Inertia - 1e-12)
            {
                best = (assignments.ToArray(), centroids, inertia);
            }
        }

        return new Clustering(k, best!.Value.Assignments, best.Value.Centroids, Silhouette(points, best.Value.Assignments, k));
    }

    public static double Silhouette(double[][] points, int[] assignments, int k)
    {
        var sizes = Enumerable.Range(0, k).Select(c => assignments.Count(a => a == c)).ToArray();
        var total = 0.0;
        for (var i = 0; i < points.Length; i++)
        {
            var sums = new double[k];
            for (var j = 0; j < points.Length; j++)
            {
                if (i != j)
                {
                    sums[assignments[j]] += Math.Sqrt(Distance2(points[i], points[j]));
                }
            }

            var own = assignments[i];
            if (sizes[own] <= 1)
            {
                continue;
            }

            var a = sums[own] / (sizes[own] - 1);
            var b = Enumerable.Range(0, k).Where(c => c != own && sizes[c] > 0).Select(c => sums[c] / sizes[c]).DefaultIfEmpty(0).Min();
            total += Math.Max(a, b) == 0 ? 0 : (b - a) / Math.Max(a, b);
        }

        return total / points.Length;
    }

    /// <summary>k-means++: the first seed at random, each next one with probability proportional to its squared distance to the nearest seed.</summary>
    private static double[][] Seeds(double[][] points, int k, Random random)
    {
        var seeds = new List<double[]> { points[random.Next(points.Length)] };
        while (seeds.Count < k)
        {
            var weights = points.Select(p => seeds.Min(s => Distance2(p, s))).ToArray();
            var sum = weights.Sum();
            if (sum == 0)
            {
                seeds.Add(points[random.Next(points.Length)]);
                continue;
            }

            var pick = random.NextDouble() * sum;
            var index = 0;
            for (; index < weights.Length - 1 && pick > weights[index]; index++)
            {
                pick -= weights[index];
            }

            seeds.Add(points[index]);
        }

        return [.. seeds.Select(s => s.ToArray())];
    }

    private static int Nearest(double[] point, double[][] centroids)
    {
        var best = 0;
        for (var c = 1; c < centroids.Length; c++)
        {
            if (Distance2(point, centroids[c]) < Distance2(point, centroids[best]))
            {
                best = c;
            }
        }

        return best;
    }

    private static double Distance2(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var d = 0; d < a.Length; d++)
        {
            sum += (a[d] - b[d]) * (a[d] - b[d]);
        }

        return sum;
    }
}
