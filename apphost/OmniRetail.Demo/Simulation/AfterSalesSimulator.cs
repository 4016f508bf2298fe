using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OmniRetail.Demo.Gateway;

namespace OmniRetail.Demo.Simulation;

/// <summary>
/// Customers after the sale, for the orders the fulfilment simulator saw delivered: most answer their surveys (mostly
/// happy, some not), a few send an item back (refund or a like-for-like exchange, received resellable or damaged), a few
/// write to the service desk, where staff answer and resolve their tickets a round or two later.
/// </summary>
public sealed class AfterSalesSimulator(StaffClient staff, HttpClient shoppers, Action<string> log)
{
    private static readonly string[] Categories = ["question", "delivery", "complaint", "other"];
    private static readonly string[] Priorities = ["low", "normal", "normal", "high", "urgent"];
    private readonly Random _random = new();
    private readonly Queue<(Guid Ticket, int Step)> _tickets = new();
    private int _answered;
    private int _returns;
    private int _opened;
    private int _resolved;

    public async Task Run(Func<List<Guid>> delivered, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        var reported = DateTime.UtcNow;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                foreach (var order in delivered())
                {
                    await Safely(() => AfterDelivery(order, stopping));
                }

                await Safely(() => ServiceDesk(stopping));
                if (DateTime.UtcNow - reported > TimeSpan.FromSeconds(30))
                {
                    log($"after sales: {_answered} survey answers, {_returns} returns, {_opened} tickets opened, {_resolved} resolved");
                    reported = DateTime.UtcNow;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task Safely(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (HttpRequestException exception)
        {
            log($"after-sales simulator: {exception.Message}");
        }
    }

    private async Task AfterDelivery(Guid orderId, CancellationToken stopping)
    {
        if (await staff.Get($"/api/orders/{orderId}", stopping) is not JsonObject order
            || order["customer"]?["email"]?.GetValue<string>() is not { Length: > 0 } email
            || await staff.Get($"/api/customers?email={Uri.EscapeDataString(email)}", stopping) is not JsonObject customer)
        {
            return;
        }

        var id = customer["id"]!.GetValue<Guid>();
        foreach (var survey in (await staff.Get($"/api/customers/{id}/surveys", stopping))!.AsArray().OfType<JsonObject>()
                     .Where(s => s["status"]!.GetValue<string>() == "open" && _random.NextDouble() < 0.6))
        {
            var nps = survey["kind"]!.GetValue<string>() == "nps";
            var score = nps ? Pick([10, 10, 9, 9, 9, 8, 8, 7, 6, 5, 3]) : Pick([5, 5, 5, 5, 4, 4, 4, 3, 2, 1]);
            using var answered = await shoppers.PostAsJsonAsync($"/api/surveys/{survey["token"]}", new { score }, stopping);
            _answered += answered.IsSuccessStatusCode ? 1 : 0;
        }

        var roll = _random.NextDouble();
        if (roll < 0.08 && order["shipments"]!.AsArray().FirstOrDefault() is JsonObject shipment && order["lines"]![0]!["sku"]!.GetValue<string>() is { } sku)
        {
            var exchange = _random.NextDouble() < 0.3;
            var authorised = await staff.Post("/api/returns", new
            {
                orderId, resolution = exchange ? "exchange" : "refund", exchangeSkus = exchange ? new[] { sku } : null,
                lines = new[] { new { sku, quantity = 1, reason = Pick(["too small", "not as pictured", "arrived damaged", "changed my mind"]) } },
            }, stopping);
            await staff.Post($"/api/returns/{authorised["id"]}/receipts", new
            {
                warehouse = shipment["warehouse"]!.GetValue<string>(), lines = new[] { new { sku, quantity = 1, condition = _random.NextDouble() < 0.8 ? "resellable" : "damaged" } },
            }, stopping);
            _returns++;
        }
        else if (roll < 0.13)
        {
            var ticket = await staff.Post("/api/tickets", new
            {
                customerId = id, orderId, category = Pick(Categories), priority = Pick(Priorities), subject = "About my order",
                message = Pick(["Can I change the delivery address?", "One item is missing", "Do you ship gift wrapped?", "The colour is different"]),
            }, stopping);
            _tickets.Enqueue((ticket["id"]!.GetValue<Guid>(), 0));
            _opened++;
        }
    }

    /// <summary>Staff answer each ticket one round after it came in and resolve it the round after.</summary>
    private async Task ServiceDesk(CancellationToken stopping)
    {
        for (var n = _tickets.Count; n > 0; n--)
        {
            var (ticket, step) = _tickets.Dequeue();
            if (step == 0)
            {
                await staff.Post($"/api/tickets/{ticket}/messages", new { from = "staff", body = "Thank you for getting in touch; we are on it." }, stopping);
                _tickets.Enqueue((ticket, 1));
            }
            else
            {
                await staff.Post($"/api/tickets/{ticket}/status", new { status = "Resolved" }, stopping);
                _resolved++;
            }
        }
    }

    private T Pick<T>(IReadOnlyList<T> choices) => choices[_random.Next(choices.Count)];
}
