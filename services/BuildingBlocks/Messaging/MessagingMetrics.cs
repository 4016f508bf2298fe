using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OmniRetail.BuildingBlocks.Messaging;

/// <summary>What an operator watches to know messages flow: outbox depth, relay lag, dead messages, inbox duplicates.</summary>
public sealed class MessagingMetrics
{
    public const string Name = "OmniRetail.Messaging";
    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _unrouted;
    private readonly Histogram<double> _lag;
    private long _pending;
    private long _dead;

    public MessagingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _delivered = meter.CreateCounter<long>("omniretail.outbox.delivered", "{message}", "Outbox messages the broker confirmed");
        _failures = meter.CreateCounter<long>("omniretail.outbox.failures", "{attempt}", "Outbox delivery attempts that failed and will be retried");
        _duplicates = meter.CreateCounter<long>("omniretail.inbox.duplicates", "{message}", "Redelivered messages the inbox recognised and skipped");
        _unrouted = meter.CreateCounter<long>("omniretail.outbox.unrouted", "{message}", "Publishes the broker returned because no queue is bound for the message yet (it is kept and tried again)");
        _lag = meter.CreateHistogram<double>("omniretail.outbox.relay_lag", "ms", "From when a message was due to when the broker confirmed it");
        meter.CreateObservableGauge("omniretail.outbox.depth", () => Interlocked.Read(ref _pending), "{message}", "Outbox messages not yet delivered");
        meter.CreateObservableGauge("omniretail.outbox.dead", () => Interlocked.Read(ref _dead), "{message}", "Dead messages waiting for an operator: never deliverable, or failed at their consumer after every retry and redelivery");
    }

    public void Delivered(int count) => _delivered.Add(count);

    public void DeliveryFailed(int count) => _failures.Add(count);

    public void DuplicateSkipped(string consumer) => _duplicates.Add(1, new KeyValuePair<string, object?>("consumer", consumer));

    public void Unrouted(string messageType) => _unrouted.Add(1, new KeyValuePair<string, object?>("type", messageType));

    public void RecordLag(TimeSpan lag) => _lag.Record(lag.TotalMilliseconds);

    public void ObserveOutbox(long pending, long dead)
    {
        Interlocked.Exchange(ref _pending, pending);
        Interlocked.Exchange(ref _dead, dead);
    }
}
