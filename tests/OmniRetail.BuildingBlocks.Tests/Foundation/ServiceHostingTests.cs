using System.Net;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OmniRetail.ServiceDefaults;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.BuildingBlocks.Tests.Foundation;

/// <summary>A service built the way every OmniRetail service is, against a real database and broker.</summary>
public sealed class ServiceHostingTests(TestServers servers) : IAsyncLifetime
{
    private static readonly ServiceResource Service = new("hosting-probe", "probes", "probedb");
    private readonly TaskCompletionSource<ProbeSent> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;
    private string _database = "";

    public async ValueTask InitializeAsync()
    {
        _database = await servers.CreateDatabaseAsync(nameof(ServiceHostingTests));
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration[$"ConnectionStrings:{Service.Database}"] = _database;
        builder.Configuration[$"ConnectionStrings:{ResourceNames.RabbitMq}"] = (await servers.RabbitMq()).ConnectionString;
        builder.Services.AddSingleton(_received);
        builder.AddOmniRetailService<ProbeDbContext>(Service, bus => bus.AddConsumer<ProbeConsumer>());
        _app = builder.Build();
        _app.MapOmniRetailServiceDefaults();
        await _app.StartAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Migrations_are_applied_before_the_service_starts()
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var applied = await new NpgsqlCommand("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"", connection)
            .ExecuteScalarAsync(TestContext.Current.CancellationToken);

        applied.ShouldBe(ProbeDbContext.InitialMigration);
    }

    [Fact]
    public async Task Ready_reports_database_and_broker_healthy()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_app!.Urls.First()) };

        using var response = await http.GetAsync(Extensions.ReadyPath, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        body.ShouldContain(Service.Database);
        body.ShouldContain("masstransit-bus");
    }

    [Fact]
    public async Task A_published_event_reaches_the_service_consumer_through_rabbitmq()
    {
        var probe = new ProbeSent(Guid.NewGuid());

        await _app!.Services.GetRequiredService<IPublishEndpoint>().Publish(probe, TestContext.Current.CancellationToken);

        (await _received.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)).ShouldBe(probe);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public sealed record ProbeSent(Guid Id);

    public sealed class ProbeConsumer(TaskCompletionSource<ProbeSent> received) : IConsumer<ProbeSent>
    {
        public Task Consume(ConsumeContext<ProbeSent> context)
        {
            received.TrySetResult(context.Message);
            return Task.CompletedTask;
        }
    }
}
