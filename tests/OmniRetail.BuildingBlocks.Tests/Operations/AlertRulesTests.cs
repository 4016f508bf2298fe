using System.Text.RegularExpressions;

namespace OmniRetail.BuildingBlocks.Tests.Operations;

/// <summary>
/// The alert rules in deploy/alerts stay true to the code: each alert has its runbook page, and every OmniRetail metric
/// an alert reads is one a service actually exports (under its Prometheus name).
/// </summary>
public sealed partial class AlertRulesTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OmniRetail.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (OmniRetail.sln) is not above the test's folder.");
    }

    private static string Rules => File.ReadAllText(Path.Combine(Root, "deploy", "alerts", "omniretail.rules.yaml"));

    [Fact]
    public void Every_alert_links_a_runbook_page_that_exists_and_every_page_has_its_alert()
    {
        var alerts = AlertName().Matches(Rules).Select(m => m.Groups[1].Value).ToList();
        var runbooks = RunbookUrl().Matches(Rules).Select(m => m.Groups[1].Value).ToList();

        alerts.ShouldNotBeEmpty();
        runbooks.ShouldBe(alerts, "one runbook_url per alert, named after it");
        alerts.ShouldAllBe(alert => File.Exists(Path.Combine(Root, "docs", "runbooks", $"{alert}.md")));
        Directory.GetFiles(Path.Combine(Root, "docs", "runbooks"), "*.md").Select(Path.GetFileNameWithoutExtension).Where(page => page != "README")
            .ShouldBe(alerts, ignoreOrder: true);
    }

    [Fact]
    public void Every_omniretail_metric_an_alert_reads_is_exported_by_a_service()
    {
        var exported = Directory.GetFiles(Path.Combine(Root, "services"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => MetricName().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value.Replace('.', '_')))
            .ToHashSet();
        var read = PrometheusName().Matches(Rules).Select(m => Regex.Replace(m.Value, "_(total|bucket|count|sum)$", "")).Distinct().ToList();

        read.ShouldNotBeEmpty();
        read.ShouldAllBe(metric => exported.Contains(metric), $"exported: {string.Join(", ", exported.Order())}");
    }

    [GeneratedRegex(@"- alert: (\w+)")]
    private static partial Regex AlertName();

    [GeneratedRegex(@"runbook_url: docs/runbooks/(\w+)\.md")]
    private static partial Regex RunbookUrl();

    [GeneratedRegex("\"(omniretail\\.[a-z_.]+)\"")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"\bomniretail_[a-z_]+")]
    private static partial Regex PrometheusName();
}
