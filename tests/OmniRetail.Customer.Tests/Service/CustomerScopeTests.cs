using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OmniRetail.ServiceDefaults.Staff;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Customer.Tests.Service;

/// <summary>A support agent limited to some channels knows the customers who ordered there, and no one else.</summary>
[Collection(CustomerServiceCollection.Name)]
public sealed class CustomerScopeTests(CustomerHost customers)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_channel_limited_agent_finds_and_opens_only_customers_of_their_channels()
    {
        var (mine, theirs) = ($"web-{_run}", $"shop-{_run}");
        var ours = await customers.CustomerOf(await customers.Placed(mine, $"ours.{_run}@example.com"));
        var other = await customers.CustomerOf(await customers.Placed(theirs, $"other.{_run}@example.com"));
        var both = await customers.CustomerOf(await customers.Placed(theirs, $"both.{_run}@example.com"));
        await customers.Placed(mine, $"both.{_run}@example.com");
        await Eventually.Holds(async () => (await customers.Api.Get($"/api/customers/{both}"))["orderCount"]!.GetValue<int>() == 2, TimeSpan.FromSeconds(30),
            () => Task.FromResult("the second order never joined the customer"));

        using var agent = customers.Api.ClientAs(StaffRoles.Support, channels: [mine]);
        async Task<HttpStatusCode> Status(string path)
        {
            using var response = await agent.GetAsync(path, Cancel);
            return response.StatusCode;
        }

        (await Status($"/api/customers/{ours}")).ShouldBe(HttpStatusCode.OK);
        (await Status($"/api/customers/{both}")).ShouldBe(HttpStatusCode.OK, "they ordered on the agent's channel too");
        foreach (var path in new[] { $"/api/customers/{other}", $"/api/customers/{other}/orders", $"/api/customers/{other}/export", $"/api/customers?email=other.{_run}@example.com" })
        {
            (await Status(path)).ShouldBe(HttpStatusCode.NotFound, path);
        }

        using var consent = await agent.PutAsJsonAsync($"/api/customers/{other}/consent", new { channel = theirs, marketing = true, source = "phone" }, Cancel);
        consent.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Status($"/api/customers?email=ours.{_run}@example.com")).ShouldBe(HttpStatusCode.OK);

        var listed = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = (await agent.GetFromJsonAsync<JsonObject>($"/api/customers?limit=500{(cursor is null ? "" : $"&cursor={cursor}")}", Cancel))!;
            listed.AddRange(page["items"]!.AsArray().Select(c => c!["id"]!.GetValue<Guid>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        listed.ShouldContain(ours);
        listed.ShouldContain(both);
        listed.ShouldNotContain(other);
    }
}
