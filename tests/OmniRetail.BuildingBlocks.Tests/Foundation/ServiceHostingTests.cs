using System.Net;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Tests.Support;
using OmniRetail.ServiceDefaults;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.BuildingBlocks.Tests.Foundation;

/// <summary>A service built the way every OmniRetail service is, against a real database and broker.</summary>
public sealed class ServiceHostingTests(TestServers servers) : IAsyncLifetime
{
    private TestService? _service;

    private TestService Service => _service!;

    public async ValueTask InitializeAsync() => _service = await TestService.StartAsync(
        await servers.CreateDatabaseAsync(nameof(ServiceHostingTests)), (await servers.RabbitMq()).ConnectionString, $"hosting-{Guid.NewGuid():N}");

    [Fact]
    public async Task Every_migration_is_applied_before_the_service_starts()
    {
        var (known, applied) = await Service.Query(async db => (db.Database.GetMigrations().ToList(), (await db.Database.GetAppliedMigrationsAsync()).ToList()));

        known.ShouldNotBeEmpty();
        applied.ShouldBe(known);
    }

    [Fact]
    public async Task Ready_reports_database_and_broker_healthy()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Service.App.Urls.First()) };

        using var response = await http.GetAsync(Extensions.ReadyPath, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        body.ShouldContain("servicedb");
        body.ShouldContain("masstransit-bus");
    }

    public async ValueTask DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }
}
