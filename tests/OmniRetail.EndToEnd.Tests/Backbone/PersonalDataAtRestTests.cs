using Npgsql;
using OmniRetail.ServiceDefaults;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Backbone;

/// <summary>Personal data and channel secrets are ciphertext in the databases, and read back whole through the API.</summary>
public sealed class PersonalDataAtRestTests(WholeStack stack)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Customer_details_raw_payloads_and_channel_secrets_are_encrypted_in_every_database()
    {
        using var client = await SignIn(stack);
        var channel = $"pii-{_run}";
        var secret = $"channel-secret-{_run}";
        await client.Channel(channel, "generic", secret, []);
        var externalId = $"PII-{_run}";
        var body = GenericOrder(externalId, $"UNKNOWN-{_run}", 1, 5m);

        using var response = await client.PostGeneric(channel, secret, body);
        var orderId = await AcceptedOrderId(response);
        var order = await client.OrderReaches(orderId, "OnHold");

        // Staff still see everything, decrypted.
        order["customer"]!["email"]!.GetValue<string>().ShouldBe($"{externalId}@example.com");
        order["shippingAddress"]!["line1"]!.GetValue<string>().ShouldBe("Unter den Linden 1");
        var payload = await client.Http.GetStringAsync($"/api/channels/{channel}/orders/{externalId}/payload", TestContext.Current.CancellationToken);
        payload.ShouldBe(body);

        // The databases hold none of it in clear: not the e-mail, the street, or the channel's secret.
        foreach (var database in new[] { ResourceNames.Service("channel-connector").Database, ResourceNames.Service("order").Database })
        {
            (await RowsContaining(database, $"{externalId}@example.com")).ShouldBe(0, database);
            (await RowsContaining(database, "Unter den Linden")).ShouldBe(0, database);
            (await RowsContaining(database, secret)).ShouldBe(0, database);
        }
    }

    /// <summary>Rows of any table in the database whose text form contains <paramref name="text"/> (case-insensitive).</summary>
    private async Task<long> RowsContaining(string database, string text)
    {
        await using var connection = await stack.OpenDatabaseAsync(database, TestContext.Current.CancellationToken);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        long rows = 0;
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table} AS t WHERE t::text ILIKE '%' || @text || '%'", connection);
            count.Parameters.AddWithValue("text", text);
            rows += (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        }

        return rows;
    }
}
