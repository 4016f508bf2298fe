using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.Contracts.Customers;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Customer.Tests.Service;

[Collection(CustomerServiceCollection.Name)]
public sealed class PersonalDataTests(CustomerHost customers)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Erasure_leaves_nothing_of_the_customer_readable_while_the_export_before_it_listed_everything()
    {
        var email = $"forget.{_run}@example.com";
        var orderId = await customers.Placed("webshop", email, phone: "+49 30 9876543", lines: [("CANDLE", 2, 24m)]);
        var id = await customers.CustomerOf(orderId);
        await customers.Api.Post("/api/tickets", new { customerId = id, category = "complaint", priority = "low", subject = $"Subject {_run}", message = $"Message {_run}" });
        await customers.Api.Put($"/api/customers/{id}/consent", new { channel = "webshop", marketing = true, source = "checkout" });

        var export = await customers.Api.Get($"/api/customers/{id}/export");
        export["customer"]!["emails"]![0]!.GetValue<string>().ShouldBe(email);
        export["customer"]!["name"]!.GetValue<string>().ShouldBe("Erika Mustermann");
        export["customer"]!["addresses"]![0]!["line1"]!.GetValue<string>().ShouldBe("Hauptstraße 1");
        export["customer"]!["consentHistory"]!.AsArray().Count.ShouldBe(1);
        export["orders"]!.AsArray().Single()!["orderId"]!.GetValue<Guid>().ShouldBe(orderId);
        export["tickets"]![0]!["subject"]!.GetValue<string>().ShouldBe($"Subject {_run}");
        export["tickets"]![0]!["messages"]![0]!["body"]!.GetValue<string>().ShouldBe($"Message {_run}");

        // Only an administrator may erase.
        using var support = customers.Api.ClientAs("support");
        (await support.DeleteAsync($"/api/customers/{id}", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
        using var admin = customers.Api.ClientAs("admin");
        (await admin.DeleteAsync($"/api/customers/{id}", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var page = await customers.Api.Get($"/api/customers/{id}");
        page["erased"]!.GetValue<bool>().ShouldBeTrue();
        (page["name"], page["emails"]!.AsArray().Count, page["addresses"]!.AsArray().Count, page["phones"]!.AsArray().Count).ShouldBe((null, 0, 0, 0));
        page["orderCount"]!.GetValue<int>().ShouldBe(1);
        (await customers.Api.Http.GetAsync($"/api/customers?email={email}", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        (await customers.Api.Get($"/api/customers/{id}/orders"))["items"]![0]!["netAmount"]!.GetValue<decimal>().ShouldBe(24m);
        await Eventually.Holds(() => Task.FromResult(customers.Published<CustomerErased>().Any(e => e.CustomerId == id)), TimeSpan.FromSeconds(30),
            () => Task.FromResult("CustomerErased was not published"));

        // Scan every row of every table: nothing reads as the customer's data in plain text, and every sealed value
        // either opens with the service key to something else (other customers' keys, outbox bodies) or not at all.
        var protector = customers.Api.Services.GetRequiredService<PersonalDataProtector>();
        var rows = await customers.Read(db => db.Database.SqlQuery<string>($"""
            SELECT row_to_json(t)::text AS "Value" FROM (
                SELECT 'customers' AS tbl, to_jsonb(c) AS row FROM customers c UNION ALL
                SELECT 'tickets', to_jsonb(t) FROM tickets t UNION ALL
                SELECT 'ticket_messages', to_jsonb(m) FROM ticket_messages m UNION ALL
                SELECT 'surveys', to_jsonb(s) FROM surveys s UNION ALL
                SELECT 'customer_identifiers', to_jsonb(i) FROM customer_identifiers i UNION ALL
                SELECT 'outbox', to_jsonb(o) FROM outbox_messages o) t
            """).ToListAsync());
        rows.ShouldNotContain(row => row.Contains(_run) || row.Contains("Mustermann") || row.Contains("9876543"));
        var sealedValues = rows.SelectMany(row => System.Text.RegularExpressions.Regex.Matches(row, "v1:[A-Za-z0-9+/=]+").Select(m => m.Value)).ToList();
        sealedValues.ShouldNotBeEmpty();
        foreach (var value in sealedValues)
        {
            string? opened = null;
            try
            {
                opened = protector.Unprotect(value);
            }
            catch (CryptographicException)
            {
            }

            (opened ?? "").ShouldNotContain(_run);
        }

        // The erased customer's ticket is still there, its subject and messages now unreadable.
        var ticket = await customers.Read(db => db.Tickets.AsNoTracking().SingleAsync(t => t.CustomerId == id));
        (await customers.Api.Get($"/api/tickets/{ticket.Id}"))["messages"]![0]!["body"].ShouldBeNull();
    }
}
