using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Customer.Tests.Service;

[Collection(CustomerServiceCollection.Name)]
public sealed class CustomerIdentityTests(CustomerHost customers)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private string Phone => $"+49 170 {Math.Abs(_run.GetHashCode() % 10_000_000):D7}";

    [Fact]
    public async Task Orders_from_three_channels_with_differently_written_e_mails_are_one_customer_with_three_channel_links()
    {
        var first = await customers.Placed("shopify-eu", $"  Erika.{_run}@Example.com ", channelCustomerId: "820982911946154508");
        var second = await customers.Placed("mobile-app", $"erika.{_run}@example.COM", phone: "030 1234567");
        var third = await customers.Placed("store-berlin", null, phone: "+49 30 123 4567");

        var id = await customers.CustomerOf(first);
        (await customers.CustomerOf(second)).ShouldBe(id);
        (await customers.CustomerOf(third)).ShouldBe(id);

        var byEmail = await customers.Api.Get($"/api/customers?email=ERIKA.{_run}@example.com");
        byEmail["id"]!.GetValue<Guid>().ShouldBe(id);
        byEmail["channels"]!.AsArray().Select(c => (c!["channel"]!.GetValue<string>(), c["channelCustomerId"]?.GetValue<string>(), c["orders"]!.GetValue<int>()))
            .ShouldBe([("mobile-app", null, 1), ("shopify-eu", "820982911946154508", 1), ("store-berlin", null, 1)]);
        byEmail["emails"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldBe([$"erika.{_run}@example.com"]);
        byEmail["phones"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldBe(["+49301234567"]);
        byEmail["orderCount"]!.GetValue<int>().ShouldBe(3);
        (await customers.Api.Get("/api/customers?phone=%2B49301234567"))["id"]!.GetValue<Guid>().ShouldBe(id);

        // Found through a keyed hash: neither the address nor the number is anywhere in the table in plain text.
        var stored = await customers.Read(db => db.Database.SqlQuery<string>($"SELECT row_to_json(i)::text AS \"Value\" FROM customer_identifiers i").ToListAsync());
        stored.ShouldNotContain(row => row.Contains(_run) || row.Contains("1234567"));
        var details = await customers.Read(db => db.Database.SqlQuery<string>($"SELECT row_to_json(c)::text AS \"Value\" FROM customers c WHERE \"Id\" = {id}").SingleAsync());
        details.ShouldNotContain(_run);
        details.ShouldNotContain("Mustermann");
    }

    [Fact]
    public async Task An_order_that_joins_two_customers_merges_them_into_the_older()
    {
        var byEmail = await customers.Placed("webshop", $"anna.{_run}@example.com");
        var older = await customers.CustomerOf(byEmail);
        var byPhone = await customers.Placed("store-berlin", null, phone: Phone);
        var younger = await customers.CustomerOf(byPhone);
        younger.ShouldNotBe(older);

        var both = await customers.Placed("mobile-app", $"anna.{_run}@example.com", phone: Phone);

        (await customers.CustomerOf(both)).ShouldBe(older);
        await Eventually.Holds(async () => (await customers.Api.Get($"/api/customers/{younger}"))["mergedInto"]?.GetValue<Guid>() == older,
            TimeSpan.FromSeconds(30), () => Task.FromResult("the younger customer was not merged"));
        (await customers.Api.Get($"/api/customers/{older}"))["orderCount"]!.GetValue<int>().ShouldBe(3);
    }

    [Fact]
    public async Task Staff_merge_moves_orders_tickets_surveys_and_loyalty_and_the_other_id_points_to_the_survivor()
    {
        await LoyaltyProgram.Ensure(customers);
        var keepOrder = await customers.Placed("webshop", $"keep.{_run}@example.com", lines: [("MUG", 1, 40m)]);
        var mergeOrder = await customers.Placed("shopify-eu", $"other.{_run}@example.com", lines: [("MUG", 2, 60m)]);
        var (keep, other) = (await customers.CustomerOf(keepOrder), await customers.CustomerOf(mergeOrder));
        await customers.Delivered(mergeOrder, ("MUG", 2));
        await Eventually.Holds(async () => (await customers.Api.Get($"/api/customers/{other}/loyalty"))["balance"]!.GetValue<long>() == 60,
            TimeSpan.FromSeconds(30), () => Task.FromResult("the delivered order earned no points"));
        await Eventually.Holds(async () => (await customers.Api.GetArray($"/api/customers/{other}/surveys")).Count == 2,
            TimeSpan.FromSeconds(30), () => Task.FromResult("no surveys were issued"));
        var ticket = await customers.Api.Post("/api/tickets", new { customerId = other, category = "question", priority = "normal", subject = "Where is my mug?", message = "It has not arrived" });

        var merged = await customers.Api.Post($"/api/customers/{keep}/merge", new { otherId = other });

        merged["orderCount"]!.GetValue<int>().ShouldBe(2);
        merged["emails"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldBe([$"keep.{_run}@example.com", $"other.{_run}@example.com"], ignoreOrder: true);
        merged["loyalty"]!["balance"]!.GetValue<long>().ShouldBe(60);
        merged["openTickets"]!.AsArray().Single()!["subject"]!.GetValue<string>().ShouldBe("Where is my mug?");
        merged["surveys"]!.AsArray().Count.ShouldBe(2);
        // The ticket's messages were sealed again under the survivor's key: they still read.
        (await customers.Api.Get($"/api/tickets/{ticket["id"]}"))["messages"]![0]!["body"]!.GetValue<string>().ShouldBe("It has not arrived");
        var pointer = await customers.Api.Get($"/api/customers/{other}");
        pointer["mergedInto"]!.GetValue<Guid>().ShouldBe(keep);
        pointer.ContainsKey("emails").ShouldBeFalse();
        (await customers.Api.Get($"/api/customers?email=other.{_run}@example.com"))["id"]!.GetValue<Guid>().ShouldBe(keep);

        var (status, problem) = await customers.Api.Refused(HttpMethod.Post, $"/api/customers/{keep}/merge", new { otherId = other });
        status.ShouldBe(409);
        problem["errors"]!["otherId"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Consent_changes_are_kept_with_their_time_and_source_and_the_newest_per_channel_stands()
    {
        var id = await customers.CustomerOf(await customers.Placed("webshop", $"consent.{_run}@example.com"));

        await customers.Api.Put($"/api/customers/{id}/consent", new { channel = "webshop", marketing = true, source = "checkout opt-in" });
        await customers.Api.Put($"/api/customers/{id}/consent", new { channel = "mobile-app", marketing = true, source = "app settings" });
        var page = await customers.Api.Put($"/api/customers/{id}/consent", new { channel = "webshop", marketing = false, source = "unsubscribe link" });

        page["consent"]!.AsArray().Select(c => (c!["channel"]!.GetValue<string>(), c["marketing"]!.GetValue<bool>(), c["source"]!.GetValue<string>()))
            .ShouldBe([("mobile-app", true, "app settings"), ("webshop", false, "unsubscribe link")]);
        page["consentHistory"]!.AsArray().Count.ShouldBe(3);

        var (status, problem) = await customers.Api.Refused(HttpMethod.Put, $"/api/customers/{id}/consent", new { channel = "webshop", source = "x" });
        status.ShouldBe(400);
        problem["errors"]!["marketing"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Unknown_customers_answer_404_and_bad_queries_name_the_field()
    {
        (await customers.Api.Http.GetAsync($"/api/customers/{Guid.NewGuid()}", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        (await customers.Api.Http.GetAsync($"/api/customers?email=nobody.{_run}@example.com", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        var (status, problem) = await customers.Api.Refused(HttpMethod.Get, "/api/customers?email=not-an-address", null);
        (status, problem["errors"]!["email"] is JsonArray).ShouldBe((400, true));
        // Warehouse staff see no customer data.
        using var warehouse = customers.Api.ClientAs("warehouse");
        (await warehouse.GetAsync("/api/customers", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_order_history_pages_newest_first_and_amounts_survive_in_any_event_order()
    {
        var email = $"history.{_run}@example.com";
        var orders = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            orders.Add(await customers.Placed("webshop", email, placedAt: DateTimeOffset.UtcNow.AddDays(-10 + i), lines: [("MUG", 1, 10m + i)]));
        }

        var id = await customers.CustomerOf(orders[0]);
        // Every order is in the history before it is paged: each arrives as its own event.
        foreach (var order in orders.Skip(1))
        {
            (await customers.CustomerOf(order)).ShouldBe(id);
        }

        var page1 = await customers.Api.Get($"/api/customers/{id}/orders?limit=2");
        page1["items"]!.AsArray().Select(o => o!["orderId"]!.GetValue<Guid>()).ShouldBe([orders[2], orders[1]]);
        var page2 = await customers.Api.Get($"/api/customers/{id}/orders?limit=2&cursor={page1["nextCursor"]}");
        page2["items"]!.AsArray().Select(o => o!["orderId"]!.GetValue<Guid>()).ShouldBe([orders[0]]);
        page2["nextCursor"].ShouldBeNull();
        (await customers.Api.Get($"/api/customers/{id}"))["spend"]!.AsArray().Single()!["amount"]!.GetValue<decimal>().ShouldBe(33m);
    }
}
