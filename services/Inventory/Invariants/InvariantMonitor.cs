using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Inventory.Persistence;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Inventory.Invariants;

public sealed class InvariantOptions
{
    public const string Section = "Inventory:Invariants";

    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>The violation count an operator watches (meter <c>OmniRetail.Inventory</c>).</summary>
public sealed class InvariantMetrics
{
    public const string MeterName = "OmniRetail.Inventory";
    private long _violations;

    public InvariantMetrics(IMeterFactory meterFactory) =>
        meterFactory.Create(MeterName).CreateObservableGauge("omniretail.inventory.invariant_violations", () => Interlocked.Read(ref _violations),
            "{violation}", "Broken stock ledger promises found by the latest invariant check");

    public void Observe(int violations) => Interlocked.Exchange(ref _violations, violations);
}

/// <summary>
/// Checks the ledger on a schedule. Whenever the number of violations changes, <see cref="StockLedgerChecked"/> tells the
/// Order service, whose exceptions queue shows a ledger that needs a person.
/// </summary>
public sealed partial class InvariantMonitor(
    IServiceScopeFactory scopes, InvariantMetrics metrics, IOptions<InvariantOptions> options, ILogger<InvariantMonitor> logger) : BackgroundService
{
    private int? _lastReported;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckOnce(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogCheckFailed(exception);
            }
        }
    }

    public async Task<InvariantReport> CheckOnce(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<LedgerInvariants>().Check(cancellationToken);
        metrics.Observe(report.Violations.Count);
        if (report.Violations.Count > 0)
        {
            LogViolations(report.Violations.Count, string.Join("; ", report.Violations.Take(5)));
        }

        if (_lastReported != report.Violations.Count)
        {
            var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
            await db.InTransaction(() =>
            {
                scope.ServiceProvider.GetRequiredService<TransactionalOutbox>().Publish(new StockLedgerChecked
                {
                    CheckedAt = report.CheckedAt,
                    Violations = report.Violations.Count,
                    Summary = report.Violations.GroupBy(v => v.Kind).Select(kind => $"{kind.Count()} × {kind.Key}").ToList(),
                }, nameof(StockLedgerChecked));
                return Task.CompletedTask;
            }, cancellationToken);
            _lastReported = report.Violations.Count;
        }

        return report;
    }

    [LoggerMessage(LogLevel.Error, "The stock ledger breaks {Count} of its promises: {Sample}")]
    private partial void LogViolations(int count, string sample);

    [LoggerMessage(LogLevel.Warning, "The stock ledger check failed; it runs again at the next interval")]
    private partial void LogCheckFailed(Exception exception);
}

public static class InvariantEndpoints
{
    public static void MapInvariants(this WebApplication app) =>
        app.MapGet("/api/inventory/invariants", async (InvariantMonitor monitor, CancellationToken cancellationToken) => Results.Ok(await monitor.CheckOnce(cancellationToken)))
            .WithTags("Stock").RequireAuthorization(StaffPolicies.Operations)
            .Produces<InvariantReport>()
            .WithSummary("Checks the stock ledger now; the same check runs every minute")
            .WithDescription("""
                Every violation names its row or order, what it should be and what it is. Kinds: `reserved` (a stock row's reserved
                units ≠ the sum of its reservations), `on-hand` (on hand ≠ the sum of its movements), `reservation-of-released-order`,
                `backorder-of-released-order`, `reservation-of-unknown-order`, `backorder-of-unknown-order` (stock held for a cancelled
                order or one Inventory was never asked about), `servable-backorder` (an order waits that could be reserved now, with no
                order ahead of it for any of its SKUs). The count is exported as `omniretail.inventory.invariant_violations`.
                """);
}
