using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Customer.Tests.Service;

[Collection(CustomerServiceCollection.Name)]
public sealed class SurveyServiceTests(CustomerHost customers)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Surveys_issued_at_delivery_are_answered_once_in_public_and_add_up_to_csat_and_nps()
    {
        var channel = $"survey-{_run}";
        // Three customers' first deliveries of the quarter: each gets a CSAT and an NPS survey. A second delivery gets a CSAT only.
        var orders = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            orders.Add(await customers.Placed(channel, $"s{i}.{_run}@example.com"));
        }

        orders.Add(await customers.Placed(channel, $"s0.{_run}@example.com"));
        foreach (var order in orders)
        {
            await customers.Delivered(order, ("MUG", 1));
        }

        var ids = new List<Guid>();
        foreach (var order in orders.Take(3))
        {
            ids.Add(await customers.CustomerOf(order));
        }

        await Eventually.Holds(async () => (await customers.Api.GetArray($"/api/customers/{ids[0]}/surveys")).Count == 3
                && (await customers.Api.GetArray($"/api/customers/{ids[2]}/surveys")).Count == 2,
            TimeSpan.FromSeconds(30), () => Task.FromResult("the delivery surveys were not issued"));
        var tokens = new List<(string Kind, string Token)>();
        foreach (var id in ids)
        {
            tokens.AddRange((await customers.Api.GetArray($"/api/customers/{id}/surveys")).Select(s => (s!["kind"]!.GetValue<string>(), s["token"]!.GetValue<string>())));
        }

        tokens.Count(t => t.Kind == "nps").ShouldBe(3);
        tokens.All(t => t.Token.Length == 22).ShouldBeTrue();

        // CSAT answers 5, 4, 2 (one of four left unanswered); NPS 10, 6 (one left unanswered).
        using var shopper = customers.Api.ClientAs(null);
        var csat = tokens.Where(t => t.Kind == "csat").Select(t => t.Token).ToList();
        var nps = tokens.Where(t => t.Kind == "nps").Select(t => t.Token).ToList();
        var page = await shopper.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/surveys/{csat[0]}", TestContext.Current.CancellationToken);
        (page!["minScore"]!.GetValue<int>(), page["maxScore"]!.GetValue<int>(), page["status"]!.GetValue<string>()).ShouldBe((1, 5, "open"));
        page.ContainsKey("customerId").ShouldBeFalse();
        foreach (var (token, score) in new[] { (csat[0], 5), (csat[1], 4), (csat[2], 2), (nps[0], 10), (nps[1], 6) })
        {
            (await shopper.PostAsJsonAsync($"/api/surveys/{token}", new { score, comment = "thanks" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        (await shopper.PostAsJsonAsync($"/api/surveys/{csat[0]}", new { score = 1 }, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await shopper.PostAsJsonAsync($"/api/surveys/{nps[2]}", new { score = 11 }, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await shopper.PostAsJsonAsync("/api/surveys/not-a-token", new { score = 3 }, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // An expired survey can no longer be answered.
        await customers.Read(db => db.Surveys.Where(s => s.Token == nps[2]).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, DateTime.UtcNow.AddSeconds(-1))));
        (await shopper.PostAsJsonAsync($"/api/surveys/{nps[2]}", new { score = 8 }, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Gone);

        var figures = (await customers.Api.Get($"/api/customers/satisfaction?channel={channel}"))["overall"]!;
        // CSAT: 2 of 3 answers are 4–5 → 66.7 %; 3 of 4 issued answered → 75.0 %. NPS: (1 − 1) ÷ 2 = 0; 2 of 3 answered → 66.7 %.
        (figures["csatIssued"]!.GetValue<int>(), figures["csatAnswers"]!.GetValue<int>(), figures["csatPercent"]!.GetValue<decimal>(), figures["csatResponseRate"]!.GetValue<decimal>())
            .ShouldBe((4, 3, 66.7m, 75.0m));
        (figures["npsIssued"]!.GetValue<int>(), figures["promoters"]!.GetValue<int>(), figures["detractors"]!.GetValue<int>(), figures["nps"]!.GetValue<decimal>(), figures["npsResponseRate"]!.GetValue<decimal>())
            .ShouldBe((3, 1, 1, 0m, 66.7m));
    }
}
