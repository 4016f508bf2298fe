using MassTransit;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Order.Persistence;

namespace OmniRetail.Order.Exceptions;

/// <summary>The latest word from Inventory's ledger check; while it has violations, the exceptions queue shows it.</summary>
public sealed class StockLedgerReport
{
    public const string InventoryLedger = "inventory";

    public required string Ledger { get; init; }

    public DateTime CheckedAt { get; set; }

    public int Violations { get; set; }

    public string Summary { get; set; } = "";

    /// <summary>When the ledger last went from no violations to some.</summary>
    public DateTime? BrokenSince { get; set; }
}

public sealed class StockLedgerCheckedConsumer(OrderDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics)
    : InboxConsumer<StockLedgerChecked>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<StockLedgerChecked> context)
    {
        var check = context.Message;
        var report = await db.StockLedgerReports.FindAsync([StockLedgerReport.InventoryLedger], context.CancellationToken);
        if (report is null)
        {
            db.StockLedgerReports.Add(report = new StockLedgerReport { Ledger = StockLedgerReport.InventoryLedger });
        }
        else if (report.CheckedAt > check.CheckedAt)
        {
            return; // an older check overtaken by a newer one
        }

        report.BrokenSince = check.Violations == 0 ? null : report.Violations > 0 ? report.BrokenSince : check.CheckedAt;
        report.CheckedAt = check.CheckedAt;
        report.Violations = check.Violations;
        report.Summary = string.Join("; ", check.Summary);
    }
}
