using OmniRetail.Contracts.Customers;
using OmniRetail.Contracts.Orders;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Customer.Tests.Service;

[Collection(CustomerServiceCollection.Name)]
public sealed class TicketServiceTests(CustomerHost customers)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task An_sla_breach_fires_once_after_a_restart_of_the_service()
    {
        var opened = await customers.Api.Post("/api/tickets", new
        {
            email = $"urgent.{_run}@example.com", category = "complaint", priority = "urgent", subject = "Broken on arrival", message = "The lamp is broken",
        });
        var id = opened["id"]!.GetValue<Guid>();
        (opened["firstResponseDueAt"]!.GetValue<DateTime>() - opened["createdAt"]!.GetValue<DateTime>()).ShouldBe(CustomerHost.UrgentFirstResponse, TimeSpan.FromMilliseconds(5));

        // The service goes down before the target is due and comes back up: the timer was a stored message.
        await customers.Restart();

        await Eventually.Holds(async () => (await customers.Api.Get("/api/tickets?breached=true&limit=500"))["items"]!.AsArray().Any(t => t!["id"]!.GetValue<Guid>() == id),
            TimeSpan.FromSeconds(60), () => Task.FromResult("the ticket never showed as breached"));
        await Eventually.Holds(() => Task.FromResult(customers.Published<TicketSlaBreached>().Any(b => b.TicketId == id)), TimeSpan.FromSeconds(30),
            () => Task.FromResult("TicketSlaBreached was not published"));
        var ticket = await customers.Api.Get($"/api/tickets/{id}");
        ticket["firstResponseBreachedAt"]!.GetValue<DateTime>().ShouldBeGreaterThanOrEqualTo(ticket["firstResponseDueAt"]!.GetValue<DateTime>().AddSeconds(-2));

        // A late answer and more time change nothing: one breach per target.
        await customers.Api.Post($"/api/tickets/{id}/messages", new { from = "staff", body = "So sorry, a new one is on its way" });
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        customers.Published<TicketSlaBreached>().Where(b => b.TicketId == id).Select(b => b.Target).ShouldBe(["firstResponse"]);
    }

    [Fact]
    public async Task Pending_on_the_customer_stops_the_clock_and_staff_moves_follow_the_table()
    {
        var opened = await customers.Api.Post("/api/tickets", new
        {
            email = $"pending.{_run}@example.com", category = "question", priority = "normal", subject = "Sizes", message = "Do you have it in XL?",
        });
        var id = opened["id"]!.GetValue<Guid>();
        var due = opened["resolutionDueAt"]!.GetValue<DateTime>();

        var answered = await customers.Api.Post($"/api/tickets/{id}/messages", new { from = "staff", body = "Which colour?" });
        answered["status"]!.GetValue<string>().ShouldBe("Open");
        answered["firstResponseAt"].ShouldNotBeNull();
        await customers.Api.Post($"/api/tickets/{id}/status", new { status = "Pending" });
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        var back = await customers.Api.Post($"/api/tickets/{id}/messages", new { from = "customer", body = "Blue, please" });

        back["status"]!.GetValue<string>().ShouldBe("Open");
        (back["resolutionDueAt"]!.GetValue<DateTime>() - due).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2));
        back["clockPaused"]!.GetValue<bool>().ShouldBeFalse();

        var (status, problem) = await customers.Api.Refused(HttpMethod.Post, $"/api/tickets/{id}/status", new { status = "New" });
        (status, problem["errors"]!["status"]![0]!.GetValue<string>()).ShouldBe((409, "a Open ticket can move to Pending, Resolved, not New"));
        var resolved = await customers.Api.Post($"/api/tickets/{id}/status", new { status = "Resolved" });
        resolved["resolvedAt"].ShouldNotBeNull();
        // Resolving issues a CSAT survey about the ticket.
        var surveys = await customers.Api.GetArray($"/api/customers/{opened["customerId"]}/surveys");
        surveys.Single()!["ticketId"]!.GetValue<Guid>().ShouldBe(id);
        (await customers.Api.Post($"/api/tickets/{id}/status", new { status = "Open" }))["resolvedAt"].ShouldBeNull();
    }

    [Fact]
    public async Task An_undeliverable_order_opens_a_delivery_ticket_by_itself_and_bad_tickets_name_the_field()
    {
        var orderId = await customers.Placed("webshop", $"lost.{_run}@example.com");
        var customer = await customers.CustomerOf(orderId);
        await customers.Publish(new OrderDeliveryFailed { OrderId = orderId, FailedAt = DateTimeOffset.UtcNow, Reason = "delivery failed: address not found" });

        await Eventually.Holds(async () => (await customers.Api.Get($"/api/tickets?customerId={customer}"))["items"]!.AsArray().Count == 1,
            TimeSpan.FromSeconds(30), () => Task.FromResult("no ticket was opened"));
        var ticket = (await customers.Api.Get($"/api/tickets?customerId={customer}"))["items"]![0]!;
        (ticket["priority"]!.GetValue<string>(), ticket["status"]!.GetValue<string>()).ShouldBe(("high", "New"));

        var (status, problem) = await customers.Api.Refused(HttpMethod.Post, "/api/tickets", new { customerId = customer, category = "praise", priority = "whenever", subject = "", message = "x" });
        status.ShouldBe(400);
        problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["subject", "category", "priority"], ignoreOrder: true);
        (await customers.Api.Http.GetAsync($"/api/tickets/{Guid.NewGuid()}", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }
}
