using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmniRetail.BuildingBlocks.Auditing;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.BuildingBlocks.Tests.Support;
using OmniRetail.Contracts.Security;
using OmniRetail.ServiceDefaults.Staff;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.BuildingBlocks.Tests.Foundation;

/// <summary>
/// Every staff action is put in the service's outbox as an <see cref="AuditRecorded"/>: by the same save as the change
/// (a rolled-back change leaves no entry claiming it happened), or on its own when nothing was saved (refused, denied).
/// </summary>
public sealed class StaffAuditTests(TestServers servers) : IAsyncLifetime
{
    private TestService? _service;
    private string _prefix = "";

    public async ValueTask InitializeAsync()
    {
        var name = $"audit-{Guid.NewGuid():N}"[..14];
        _prefix = $"/api/{name}";
        _service = await TestService.StartAsync(await servers.CreateDatabaseAsync(nameof(StaffAuditTests)), (await servers.RabbitMq()).ConnectionString, name,
            endpoints: app =>
            {
                app.MapPost($"{_prefix}/effects", (LedgerDbContext db, bool? fail) => db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
                {
                    db.Entries.Add(new LedgerEntry { RunId = Guid.NewGuid(), EventId = Guid.NewGuid(), RecordedAt = DateTime.UtcNow });
                    await using var transaction = await db.Database.BeginTransactionAsync();
                    await db.SaveChangesAsync();
                    if (fail == true)
                    {
                        // Saved, then rolled back: neither the change nor an entry claiming it may remain.
                        await transaction.RollbackAsync();
                        return Results.Problem(statusCode: 409, title: "rolled back");
                    }

                    await transaction.CommitAsync();
                    return Results.Ok();
                })).RequireAuthorization(StaffPolicies.Operations);
                app.MapGet($"{_prefix}/export", () => Results.Ok()).RequireAuthorization(StaffPolicies.Staff).Audited("things.exported");
                app.MapGet($"{_prefix}/read", () => Results.Ok()).RequireAuthorization(StaffPolicies.Staff);
            });
    }

    private async Task<List<(AuditRecorded Entry, Guid MessageId)>> Recorded()
    {
        var protector = _service!.App.Services.GetRequiredService<PersonalDataProtector>();
        var rows = await _service.Query(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.MessageType.Contains(nameof(AuditRecorded))).ToListAsync());
        return [.. rows.Select(r => (JsonSerializer.Deserialize<AuditRecorded>(protector.Unprotect(r.Body), TransactionalOutbox.Json)!, r.MessageId))];
    }

    [Fact]
    public async Task Changes_refusals_and_marked_reads_are_recorded_once_and_a_rolled_back_change_leaves_nothing()
    {
        using var operatorClient = _service!.Staff(StaffRoles.Operator);
        using var warehouseClient = _service.Staff(StaffRoles.Warehouse);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_prefix}/effects");
        request.Headers.Add("X-Correlation-Id", "corr-1");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7, 10.0.0.2");
        (await operatorClient.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await operatorClient.PostAsync($"{_prefix}/effects?fail=true", null, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await warehouseClient.PostAsync($"{_prefix}/effects", null, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await operatorClient.GetAsync($"{_prefix}/export", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await operatorClient.GetAsync($"{_prefix}/read", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var recorded = await Recorded();
        recorded.Select(r => (r.Entry.Action, r.Entry.Outcome, r.Entry.Roles.Single())).ShouldBe(
        [
            ($"POST {_prefix}/effects", AuditOutcome.Succeeded, StaffRoles.Operator),
            ($"POST {_prefix}/effects", AuditOutcome.Refused, StaffRoles.Operator),
            ($"POST {_prefix}/effects", AuditOutcome.Denied, StaffRoles.Warehouse),
            ("things.exported", AuditOutcome.Succeeded, StaffRoles.Operator),
        ], ignoreOrder: true);
        recorded.Select(r => r.MessageId).Distinct().Count().ShouldBe(4);
        var first = recorded.Single(r => r.Entry.CorrelationId == "corr-1").Entry;
        (first.ClientAddress, first.Target, first.Actor).ShouldBe(("203.0.113.7", $"{_prefix}/effects", "test-operator"));
        (await _service.Query(db => db.Entries.CountAsync())).ShouldBe(1, "the rolled-back change is gone, and so is any entry saying it succeeded");
    }

    public async ValueTask DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }
}
