using Microsoft.Extensions.Configuration;
using OmniRetail.Demo.Seeding;
using OmniRetail.ServiceDefaults;

namespace OmniRetail.Demo;

/// <summary>
/// What the AppHost hands the demo (section <c>Demo</c>): where the gateway is, the admin password and TOTP secret, and
/// the data folder whose .data/secrets holds each demo channel's secret (created there on first use).
/// </summary>
/// <param name="DataDirectory">Where .data/secrets holds the demo channels' and carriers' secrets.</param>
/// <param name="SandboxUrl">Where the channel sandbox listens (<c>Demo:SandboxUrl</c>); null: the channels are not pushed to.</param>
public sealed record DemoOptions(
    Uri Gateway, string AdminPassword, string? AdminTotpSecret, IReadOnlyDictionary<string, string> ChannelSecrets, double OrdersPerSecond, TimeSpan Duration, string? SandboxUrl,
    string DataDirectory)
{
    public static DemoOptions From(IConfiguration configuration)
    {
        var demo = configuration.GetSection("Demo");
        var gateway = demo["GatewayUrl"] ?? configuration[$"services:{ResourceNames.Gateway}:http:0"] ?? "http://127.0.0.1:8080";
        var secrets = Secrets(configuration);
        var minutes = demo.GetValue<double?>("SimulateMinutes");
        return new DemoOptions(
            new Uri(gateway),
            demo["AdminPassword"] ?? throw Missing("AdminPassword"),
            demo["AdminTotpSecret"],
            secrets,
            demo.GetValue<double>("OrdersPerSecond"),
            minutes is > 0 ? TimeSpan.FromMinutes(minutes.Value) : Timeout.InfiniteTimeSpan,
            demo["SandboxUrl"] is { Length: > 0 } sandbox ? sandbox : null,
            demo["DataDirectory"] ?? throw Missing("DataDirectory"));
    }

    /// <summary>Each demo channel's secret, from the data folder.</summary>
    public static IReadOnlyDictionary<string, string> Secrets(IConfiguration configuration) => DemoData.Channels.ToDictionary(
        channel => channel.Code,
        channel => LocalSecrets.GetOrCreate(configuration["Demo:DataDirectory"] ?? throw Missing("DataDirectory"), DemoData.SecretName(channel)));

    private static InvalidOperationException Missing(string key) =>
        new($"Demo:{key} is not set. The AppHost sets it (./run.sh); to run the demo alone, set Demo__{key.Replace(":", "__")}.");
}
