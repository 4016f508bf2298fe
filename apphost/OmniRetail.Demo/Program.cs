using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using OmniRetail.Demo;
using OmniRetail.Demo.Gateway;
using OmniRetail.Demo.Seeding;
using OmniRetail.Demo.Simulation;
using OmniRetail.ServiceDefaults;

// Started by the AppHost after the gateway: waits for every service, loads the demo data once, points the online
// channels at the channel-sandbox resource (ChannelSandbox) and (with ./run.sh --simulate) posts channel orders until the stack stops.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args.Where(a => a != "--sandbox").ToArray()).Build();
// Not disposed: ProcessExit fires after Main returns, and cancelling a disposed source would throw.
var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopping.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stopping.Cancel();

if (args.Contains("--sandbox"))
{
    // The AppHost's channel-sandbox resource: the same program, standing in for the online channels' APIs.
    using var channelApis = new ChannelSandbox(DemoOptions.Secrets(configuration), Log);
    await channelApis.Run(configuration.GetValue<int>("Demo:SandboxPort"), stopping.Token);
    return;
}

if (args.Contains("--token"))
{
    // ./ops.sh token: an admin access token for scripts and curl, signed in with the password and the current TOTP code.
    var admin = DemoOptions.From(configuration);
    using var signIn = new StaffSession(admin.Gateway, "admin", admin.AdminPassword, admin.AdminTotpSecret);
    Console.WriteLine(await signIn.AccessToken(stopping.Token));
    return;
}

var options = DemoOptions.From(configuration);

using var http = new HttpClient { BaseAddress = options.Gateway, Timeout = TimeSpan.FromSeconds(30) };
await WaitUntilReady(http, stopping.Token);
using var session = new StaffSession(options.Gateway, "admin", options.AdminPassword, options.AdminTotpSecret);
var staff = await StaffClient.SignIn(session, stopping.Token, TimeSpan.FromSeconds(30));
string CarrierSecret(string carrier) => LocalSecrets.GetOrCreate(options.DataDirectory, $"carrier-{carrier}-secret");
await new DemoSeeder(staff, options.ChannelSecrets, CarrierSecret, options.SandboxUrl, Log).Seed(stopping.Token);
await new DemoSupply(staff, Log).Seed(stopping.Token);
using (var anonymous = new HttpClient { BaseAddress = options.Gateway, Timeout = TimeSpan.FromSeconds(30) })
{
    await new DemoStaff(staff, anonymous, name => LocalSecrets.GetOrCreate(options.DataDirectory, name), Log).Seed(stopping.Token);
}
using (var shoppers = new HttpClient { BaseAddress = options.Gateway, Timeout = TimeSpan.FromSeconds(30) })
{
    try
    {
        await new DemoCustomers(staff, shoppers, options.ChannelSecrets, Log).Seed(stopping.Token);
    }
    catch (Exception exception) when (exception is HttpRequestException or TimeoutException)
    {
        // The rest of the demo stands without her; the log says what to look at.
        Log($"the demo customer's story is incomplete: {exception.Message}");
    }
}

Log("demo data loaded");

if (options.OrdersPerSecond > 0)
{
    using var channels = new HttpClient { BaseAddress = options.Gateway, Timeout = TimeSpan.FromSeconds(30) };
    var simulator = new ChannelSimulator(channels, options.ChannelSecrets, Log, staff.Http);
    // The warehouse packs and ships what the channels ordered, and the carriers scan and deliver it.
    var warehouse = new FulfilmentSimulator(staff, channels, CarrierSecret, Log);
    var fulfilment = warehouse.Run(() => simulator.Accepted, stopping.Token);
    // Customers answer surveys, return goods and write to the service desk once their orders arrive.
    var afterSales = new AfterSalesSimulator(staff, channels, Log).Run(warehouse.TakeDelivered, stopping.Token);
    await simulator.Run(options.OrdersPerSecond, options.Duration, stopping.Token);
    await fulfilment;
    await afterSales;
}


static void Log(string message) => Console.WriteLine($"{DateTime.Now:HH:mm:ss} {message}");

static async Task WaitUntilReady(HttpClient http, CancellationToken cancellationToken)
{
    var since = DateTime.UtcNow;
    while (true)
    {
        try
        {
            using var response = await http.GetAsync(Extensions.ReadyPath, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var services = await response.Content.ReadFromJsonAsync<ReadinessReport>(cancellationToken);
            Log($"waiting for services: {string.Join(", ", services?.Services.Where(s => s.Value.Status != "Healthy").Select(s => s.Key) ?? [])}");
        }
        catch (HttpRequestException e)
        {
            Log($"waiting for the gateway: {e.Message}");
        }

        if (DateTime.UtcNow - since > TimeSpan.FromMinutes(5))
        {
            throw new TimeoutException("The stack did not become ready within 5 minutes; see the failing services' logs in the dashboard.");
        }

        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
    }
}

internal sealed record ReadinessReport(Dictionary<string, ServiceReadiness> Services);
internal sealed record ServiceReadiness(string Status);
