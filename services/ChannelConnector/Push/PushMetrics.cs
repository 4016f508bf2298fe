using System.Diagnostics.Metrics;

namespace OmniRetail.ChannelConnector.Push;

/// <summary>What an operator watches to know channels hear about changes: requests by outcome, the delay from change to channel, the backlog, and the oversell exposure.</summary>
public sealed class PushMetrics
{
    public const string Name = "OmniRetail.ChannelConnector";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _delay;
    private long _pending;
    private long _exposedUnits;
    private long _exposedSkus;

    public PushMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _requests = meter.CreateCounter<long>("omniretail.channels.push.requests", "{request}", "Values sent to channels' APIs (quick retries included), by channel, kind (stock, price) and outcome (accepted, refused, failed)");
        _delay = meter.CreateHistogram<double>("omniretail.channels.push.delay", "ms", "From the change of a value to the channel accepting it");
        meter.CreateObservableGauge("omniretail.channels.push.pending", () => Interlocked.Read(ref _pending), "{value}", "(channel, SKU) pairs with a value the channel has not accepted yet");
        meter.CreateObservableGauge("omniretail.channels.oversell_exposure", () => Interlocked.Read(ref _exposedUnits), "{unit}",
            "Units shown across all channels beyond the units available, summed over the SKUs where that is positive");
        meter.CreateObservableGauge("omniretail.channels.oversell_exposed_skus", () => Interlocked.Read(ref _exposedSkus), "{sku}", "SKUs shown on channels beyond what is available");
    }

    public void Requested(string channel, string kind, PushSettlement settlement) =>
        _requests.Add(1, new("channel", channel), new("kind", kind), new("outcome", settlement.ToString().ToLowerInvariant()));

    public void Accepted(string channel, string kind, TimeSpan delay) => _delay.Record(delay.TotalMilliseconds, new("channel", channel), new("kind", kind));

    public void Backlog(long pending) => Interlocked.Exchange(ref _pending, pending);

    public void Exposure(long units, long skus)
    {
        Interlocked.Exchange(ref _exposedUnits, units);
        Interlocked.Exchange(ref _exposedSkus, skus);
    }
}
