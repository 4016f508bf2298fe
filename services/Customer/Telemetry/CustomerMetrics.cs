using System.Diagnostics.Metrics;

namespace OmniRetail.Customer.Telemetry;

/// <summary>What the service desk and the customer base look like from the Aspire dashboard (meter OmniRetail.Customer).</summary>
public sealed class CustomerMetrics
{
    public const string Name = "OmniRetail.Customer";

    private readonly Counter<long> _customers;
    private readonly Counter<long> _tickets;
    private readonly Counter<long> _breaches;
    private readonly Counter<long> _answers;
    private readonly Counter<long> _returns;

    public CustomerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _customers = meter.CreateCounter<long>("omniretail.customers.changes", "{customer}", "Customers created from orders, merged and erased, by change");
        _tickets = meter.CreateCounter<long>("omniretail.tickets.opened", "{ticket}", "Tickets opened, by category, priority and who opened them");
        _breaches = meter.CreateCounter<long>("omniretail.tickets.sla_breaches", "{breach}", "Service-level targets missed, by target and priority");
        _answers = meter.CreateCounter<long>("omniretail.surveys.answers", "{answer}", "Survey answers, by kind and score");
        _returns = meter.CreateCounter<long>("omniretail.returns.resolved", "{return}", "Returns received in full, by resolution");
    }

    public void CustomerChanged(string change) => _customers.Add(1, new KeyValuePair<string, object?>("change", change));

    public void TicketOpened(string category, string priority, string openedBy) =>
        _tickets.Add(1, new("category", category), new("priority", priority), new("opened_by", openedBy));

    public void SlaBreached(string target, string priority) => _breaches.Add(1, new("target", target), new("priority", priority));

    public void SurveyAnswered(string kind, int score) => _answers.Add(1, new("kind", kind), new("score", score));

    public void ReturnResolved(string resolution) => _returns.Add(1, new KeyValuePair<string, object?>("resolution", resolution));
}
