using System.Security.Cryptography;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.ServiceDefaults;
using OmniRetail.TestInfrastructure.Staff;

namespace OmniRetail.BuildingBlocks.Tests.Support;

/// <summary>A service process as production builds it (AddOmniRetailService), on a real database and broker.</summary>
public sealed class TestService : IAsyncDisposable
{
    // One key per test run: a restarted service must read what its predecessor encrypted.
    private static readonly string PersonalDataKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    private TestService(WebApplication app) => App = app;

    public WebApplication App { get; }

    public DeliveryCounter Deliveries => App.Services.GetRequiredService<DeliveryCounter>();

    /// <summary>The service's own API, called with a staff token of <paramref name="role"/>.</summary>
    public HttpClient Staff(string role)
    {
        var http = new HttpClient { BaseAddress = new Uri(App.Urls.First()) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", StaffTokens.Issue(role));
        return http;
    }

    public static async Task<TestService> StartAsync(
        string database, string broker, string name, bool consumesLedger = false, Action<ReliableMessagingOptions>? messaging = null,
        Action<IBusRegistrationConfigurator>? bus = null, Action<WebApplication>? endpoints = null)
    {
        var service = new ServiceResource(name, name, "servicedb");
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration[$"ConnectionStrings:{service.Database}"] = database;
        builder.Configuration[$"ConnectionStrings:{ResourceNames.RabbitMq}"] = broker;
        builder.Configuration["Auth:SigningKeys"] = StaffTokens.KeySet;
        builder.Configuration[PersonalDataProtector.ConfigurationKey] = PersonalDataKey;
        builder.Services.AddSingleton<DeliveryCounter>();
        builder.Services.AddConsumeObserver(services => services.GetRequiredService<DeliveryCounter>());
        builder.AddOmniRetailService<LedgerDbContext>(service, registration =>
        {
            if (consumesLedger)
            {
                registration.AddConsumer<LedgerConsumer>().Endpoint(endpoint => endpoint.ConcurrentMessageLimit = 16);
            }

            bus?.Invoke(registration);
        });
        builder.Services.Configure<ReliableMessagingOptions>(options =>
        {
            options.PollInterval = TimeSpan.FromMilliseconds(200);
            options.MaxRetryDelay = TimeSpan.FromSeconds(2);
            // A failing message is dead within seconds, not the production minutes.
            options.Retries = 2;
            options.RedeliveryDelays = [TimeSpan.FromMilliseconds(500)];
            messaging?.Invoke(options);
        });
        var app = builder.Build();
        // MassTransit keeps its log context in an async-local; a process hosting several services in one
        // async flow would otherwise hand a new bus the logger factory of one already disposed.
        LogContext.ConfigureCurrentLogContext(app.Services.GetRequiredService<ILoggerFactory>());
        app.MapOmniRetailServiceDefaults();
        endpoints?.Invoke(app);
        await app.StartAsync();
        return new TestService(app);
    }

    /// <summary>One unit of work: a business change plus the events it causes, committed together.</summary>
    public async Task InUnitOfWork(Func<LedgerDbContext, TransactionalOutbox, Task> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        await work(db, scope.ServiceProvider.GetRequiredService<TransactionalOutbox>());
        await db.SaveChangesAsync();
    }

    public async Task<T> Query<T>(Func<LedgerDbContext, Task<T>> query)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<LedgerDbContext>());
    }

    public Task<int> LedgerCount(Guid runId) => Query(db => db.Entries.CountAsync(entry => entry.RunId == runId));

    public Task<int> DistinctLedgerEvents(Guid runId) =>
        Query(db => db.Entries.Where(entry => entry.RunId == runId).Select(entry => entry.EventId).Distinct().CountAsync());

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
