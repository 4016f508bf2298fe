using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OmniRetail.Contracts.Security;
using OmniRetail.TestInfrastructure;
using static OmniRetail.Identity.Tests.Service.IdentityHost;

namespace OmniRetail.Identity.Tests.Service;

[Collection(IdentityServiceCollection.Name)]
public sealed class AuditTests(IdentityHost identity)
{
    private async Task<List<JsonObject>> Entries(string query)
    {
        var entries = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var (status, page) = await Send(await identity.Admin(), HttpMethod.Get, $"/api/audit?limit=500&{query}{(cursor is null ? "" : $"&cursor={cursor}")}");
            status.ShouldBe(200, page.ToJsonString());
            entries.AddRange(page["items"]!.AsArray().Select(e => e!.AsObject()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return entries;
    }

    [Fact]
    public async Task Staff_actions_and_sign_ins_are_chained_and_a_redelivered_entry_is_appended_once()
    {
        var (username, password) = await identity.NewUser("support");
        (await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/token", new { username, password = "not-it-at-all" })).Status.ShouldBe(401);
        await identity.Tokens(new { username, password });
        var denied = await identity.Tokens(new { username, password });
        (await Send(identity.Bearer(denied["accessToken"]!.GetValue<string>()), HttpMethod.Post, "/api/staff/users/admin/disable")).Status.ShouldBe(403);

        await Eventually.Holds(async () => (await Entries($"actor={username}")).Count >= 5, TimeSpan.FromSeconds(30), () => Task.FromResult("entries missing"));
        var mine = await Entries($"actor={username}");
        mine.Select(e => (e["action"]!.GetValue<string>(), e["outcome"]!.GetValue<string>())).ShouldBe(
        [
            ("auth.password-changed", "succeeded"), ("auth.sign-in", "denied"), ("auth.sign-in", "succeeded"), ("auth.sign-in", "succeeded"),
            ("staff.user-disabled", "denied"),
        ], ignoreOrder: true);
        // Appended as they arrive, not necessarily in the order they happened: the account's creation is there, by the admin.
        (await Entries("action=staff.user-created")).ShouldContain(e => e["actor"]!.GetValue<string>() == "admin" && e["target"]!.GetValue<string>() == "/api/staff/users"
            && e["roles"]!.AsArray().Single()!.GetValue<string>() == "admin" && e["outcome"]!.GetValue<string>() == "succeeded");
        mine.ShouldAllBe(e => e["service"]!.GetValue<string>() == "identity" && e["correlationId"] != null && e["hash"]!.GetValue<string>().Length == 64);

        // The same message twice (a redelivery): one entry.
        var again = new AuditRecorded
        {
            At = DateTime.UtcNow, Actor = $"redelivered-{Guid.NewGuid():N}", Roles = ["operator"], Action = "POST /api/orders/{id}/cancel", Target = "/api/orders/1/cancel",
            Outcome = AuditOutcome.Succeeded, Service = "order",
        };
        var messageId = NewId.NextGuid();
        for (var i = 0; i < 2; i++)
        {
            await identity.Host.Bus.Publish(again, context => context.MessageId = messageId, TestContext.Current.CancellationToken);
        }

        await Eventually.Holds(async () => (await Entries($"actor={again.Actor}")).Count == 1, TimeSpan.FromSeconds(30), () => Task.FromResult("not appended"));
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        (await Entries($"actor={again.Actor}")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_entry_changed_or_deleted_by_hand_is_reported_where_the_chain_breaks()
    {
        for (var i = 0; i < 3; i++)
        {
            await identity.Tokens(new { username = "admin", password = AdminPassword, code = identity.NextCode(AdminTotpSecret) });
        }

        await Eventually.Holds(async () => (await Send(await identity.Admin(), HttpMethod.Get, "/api/audit/verify")).Body["entries"]!.GetValue<long>() >= 6,
            TimeSpan.FromSeconds(30), () => Task.FromResult("too few entries"));
        // Quiet first: nothing else appends while the test edits the chain.
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        var (_, verified) = await Send(await identity.Admin(), HttpMethod.Get, "/api/audit/verify");
        verified["valid"]!.GetValue<bool>().ShouldBeTrue(verified.ToJsonString());
        var total = verified["entries"]!.GetValue<long>();
        var victim = total - 3;

        await using var connection = new NpgsqlConnection(await identity.Read(db => Task.FromResult(db.Database.GetConnectionString()!)));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using (var tamper = new NpgsqlCommand($"""UPDATE audit_entries SET "Outcome" = 'succeeded', "Actor" = 'nobody' WHERE "Sequence" = {victim}""", connection))
        {
            (await tamper.ExecuteNonQueryAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
        }

        var (_, broken) = await Send(await identity.Admin(), HttpMethod.Get, "/api/audit/verify");
        (broken["valid"]!.GetValue<bool>(), broken["firstBrokenEntry"]!.GetValue<long>()).ShouldBe((false, victim));

        await using (var delete = new NpgsqlCommand($"""DELETE FROM audit_entries WHERE "Sequence" = {victim}""", connection))
        {
            await delete.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var (_, gap) = await Send(await identity.Admin(), HttpMethod.Get, "/api/audit/verify");
        (gap["valid"]!.GetValue<bool>(), gap["firstBrokenEntry"]!.GetValue<long>()).ShouldBe((false, victim + 1));
    }
}
