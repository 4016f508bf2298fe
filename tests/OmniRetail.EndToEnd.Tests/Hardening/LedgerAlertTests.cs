using System.Net.Http.Json;
using Npgsql;
using OmniRetail.EndToEnd.Tests.Backbone;
using OmniRetail.EndToEnd.Tests.Crashes;
using OmniRetail.ServiceDefaults;
using OmniRetail.TestInfrastructure;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Hardening;

/// <summary>
/// The ledger check finds a row that breaks a promise, names it, and puts the ledger in the exceptions queue until the
/// row is right again. Alone: it breaks the ledger on purpose, which every other test's final check would see.
/// </summary>
[Collection(nameof(CrashTests))]
public sealed class LedgerAlertTests(WholeStack stack)
{
    [Fact]
    public async Task A_row_whose_reserved_units_match_no_reservation_is_reported_and_queued_for_a_person_until_corrected()
    {
        using var client = await SignIn(stack);
        var run = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var (sku, warehouse) = ($"LEDGER-{run}", $"G{run[..6]}");
        await client.Warehouse(warehouse, "DE", "EU-Central");
        await client.Receive(warehouse, sku, 3);
        await client.InvariantsHold();

        await SetReserved(sku, 1);

        var report = (await client.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/inventory/invariants", TestContext.Current.CancellationToken))!;
        var violation = report["violations"]!.AsArray().Single(v => v!["sku"]?.GetValue<string>() == sku)!;
        (violation["kind"]!.GetValue<string>(), violation["warehouse"]!.GetValue<string>(), violation["expected"]!.GetValue<string>(), violation["actual"]!.GetValue<string>())
            .ShouldBe(("reserved", warehouse, "0", "1"));
        await Eventually.Holds(async () => await LedgerEntry(client), Patience, () => Task.FromResult("the exceptions queue never showed the ledger"));

        await SetReserved(sku, 0);

        await client.InvariantsHold();
        await Eventually.Holds(async () => !await LedgerEntry(client), Patience, () => Task.FromResult("the ledger stayed in the exceptions queue"));
    }

    private static async Task<bool> LedgerEntry(BackboneClient client) =>
        (await client.Exceptions())["items"]!.AsArray().Any(e => e!["kind"]!.GetValue<string>() == "stock-ledger");

    private async Task SetReserved(string sku, int reserved)
    {
        await using var connection = await stack.OpenDatabaseAsync(ResourceNames.Service("inventory").Database, TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("""UPDATE stock_levels SET "Reserved" = @reserved WHERE "Sku" = @sku""", connection);
        command.Parameters.AddWithValue("reserved", reserved);
        command.Parameters.AddWithValue("sku", sku);
        (await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
    }
}
