using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using OmniRetail.LocalServers;
using OmniRetail.TestInfrastructure.Servers;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Operations;

/// <summary>
/// ./ops.sh as an operator runs it against the running stack: a backup restored onto an empty data folder holds every
/// order, reservation and ledger row again, row for row what the manifest counted; verify passes; a base backup starts.
/// </summary>
public sealed class BackupRestoreTests(WholeStack stack) : IAsyncDisposable
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToLowerInvariant();
    private readonly List<string> _folders = [];
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string Folder(string name, bool create = true)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"omniretail-{name}-{_run}");
        _folders.Add(folder);
        if (create)
        {
            // Traversable by the postgres user, which runs the server when tests run as root.
            Directory.CreateDirectory(folder, (UnixFileMode)0b111_101_101);
        }

        return folder;
    }

    private static async Task<(int ExitCode, string Output)> Ops(IReadOnlyDictionary<string, string> settings, params string[] arguments)
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
        var start = new ProcessStartInfo(Path.Combine(root, "ops.sh"), arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Cancel);
        var error = process.StandardError.ReadToEndAsync(Cancel);
        await process.WaitForExitAsync(Cancel);
        return (process.ExitCode, await output + await error);
    }

    private async Task<(List<Guid> Orders, string[] Skus)> PlaceOrders(int count)
    {
        using var client = await SignIn(stack);
        var (warehouse, channel) = ($"B{_run.ToUpperInvariant()}", $"backup-{_run}");
        var skus = new[] { $"BAK-{_run}-A", $"BAK-{_run}-B" };
        const string secret = "secret-backup-restore-0123456789";
        await client.ShopWithStock(channel, secret, warehouse, (skus[0], 50), (skus[1], 50));
        var orders = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            using var accepted = await client.PostGeneric(channel, secret, JsonSerializer.Serialize(new
            {
                externalId = $"{_run}-{i}", placedAt = DateTimeOffset.UtcNow, currency = "EUR",
                customer = new { email = $"backup.{_run}.{i}@example.com", name = "Erika Mustermann" },
                shippingAddress = new { name = "Erika Mustermann", line1 = "Hauptstraße 1", city = "Berlin", postalCode = "10115", country = "DE" },
                lines = new[] { new { sku = skus[i % 2], quantity = 1 + i % 3, unitPrice = 10m } },
                payment = new { status = "paid", amount = 10m * (1 + i % 3) },
            }));
            orders.Add(await AcceptedOrderId(accepted));
        }

        foreach (var order in orders)
        {
            await client.OrderReaches(order, "Allocated");
        }

        return (orders, skus);
    }

    private static async Task<List<string>> Rows(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    /// <summary>The orders', reservations' and ledger rows of this test, as each service's database holds them.</summary>
    private static async Task<List<string>> Holdings(Func<string, Task<NpgsqlConnection>> open, List<Guid> orders, string[] skus)
    {
        await using var orderDb = await open("orderdb");
        await using var inventoryDb = await open("inventorydb");
        return
        [
            .. (await Rows(orderDb, """SELECT "OrderId", "CurrentState" FROM orders WHERE "OrderId" = ANY($1) ORDER BY "OrderId" """, orders.ToArray())).Select(r => $"order {r}"),
            .. (await Rows(inventoryDb, """SELECT "OrderId", "Sku", "Warehouse", "Quantity" FROM reservations WHERE "OrderId" = ANY($1) ORDER BY 1, 2, 3""", orders.ToArray()))
                .Select(r => $"reservation {r}"),
            .. (await Rows(inventoryDb, """SELECT "Id", "Sku", "Warehouse", "Quantity", "Kind" FROM stock_movements WHERE "Sku" = ANY($1) ORDER BY "Id" """, (object)skus))
                .Select(r => $"ledger {r}"),
        ];
    }

    [Fact]
    public async Task A_backup_restored_onto_an_empty_data_folder_holds_every_order_reservation_and_ledger_row_again()
    {
        var (orders, skus) = await PlaceOrders(6);
        var backup = Folder("backup", create: false);
        var (backedUp, log) = await Ops(stack.OpsSettings, "backup", backup);
        backedUp.ShouldBe(0, log);
        log.ShouldContain("[1/");
        var before = await Holdings(db => stack.OpenDatabaseAsync(db, Cancel), orders, skus);
        before.Count(r => r.StartsWith("order", StringComparison.Ordinal)).ShouldBe(6);
        before.Count(r => r.StartsWith("reservation", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(6);

        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(backup, "manifest.json"), Cancel))!;
        var databases = manifest["databases"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()).ToList();
        databases.ShouldBe(["analyticsdb", "catalogdb", "channeldb", "customerdb", "identitydb", "inventorydb", "orderdb", "supplydb"]);

        // An empty stack: a data folder with nothing in it, on ports of its own.
        var restored = Folder("restored");
        var port = FreePort.Next();
        var (restoredExit, restoreLog) = await Ops(new Dictionary<string, string> { ["OMNIRETAIL_DATA_DIR"] = restored, ["OMNIRETAIL_PG_PORT"] = $"{port}" }, "restore", backup);
        restoredExit.ShouldBe(0, restoreLog);
        (await File.ReadAllTextAsync(Path.Combine(restored, "secrets", "personal-data-key"), Cancel))
            .ShouldBe(await File.ReadAllTextAsync(Path.Combine(stack.DataDirectory, "secrets", "personal-data-key"), Cancel));

        using var server = await RunPostgres(Path.Combine(restored, "postgres"), port);
        var password = (await File.ReadAllTextAsync(Path.Combine(restored, "secrets", "postgres-password"), Cancel)).Trim();
        async Task<NpgsqlConnection> OpenRestored(string db)
        {
            var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=omniretail;Password={password};Database={db};Pooling=false");
            await connection.OpenAsync(Cancel);
            return connection;
        }

        (await Holdings(OpenRestored, orders, skus)).ShouldBe(before);
        foreach (var database in manifest["databases"]!.AsArray())
        {
            await using var connection = await OpenRestored(database!["name"]!.GetValue<string>());
            foreach (var (table, rows) in database["rows"]!.AsObject())
            {
                (await Rows(connection, $"SELECT count(*) FROM \"{table}\"")).Single().ShouldBe(rows!.ToString(), $"{database["name"]}.{table}");
            }
        }

        var (verified, verifyLog) = await Ops(stack.OpsSettings, "verify", backup);
        verified.ShouldBe(0, verifyLog);
        verifyLog.ShouldContain("no violations");

        // A damaged backup is refused before anything is touched.
        await File.AppendAllTextAsync(Path.Combine(backup, "orderdb.dump"), "x", Cancel);
        var (damaged, damagedLog) = await Ops(new Dictionary<string, string> { ["OMNIRETAIL_DATA_DIR"] = Folder("damaged"), ["OMNIRETAIL_PG_PORT"] = $"{FreePort.Next()}" }, "restore", backup);
        (damaged, damagedLog).ShouldSatisfyAllConditions(() => damaged.ShouldNotBe(0), () => damagedLog.ShouldContain("does not match the manifest"));
    }

    [Fact]
    public async Task A_base_backup_of_the_running_cluster_starts_as_a_server_of_its_own_with_the_orders_in_it()
    {
        var (orders, _) = await PlaceOrders(2);
        var target = Folder("base", create: false);
        var (exit, log) = await Ops(stack.OpsSettings, "basebackup", target);
        exit.ShouldBe(0, log);
        File.Exists(Path.Combine(target, "base.tar.gz")).ShouldBeTrue();

        var root = Folder("base-restored");
        var cluster = Path.Combine(root, "postgres");
        Directory.CreateDirectory(cluster);
        await Tar(Path.Combine(target, "base.tar.gz"), cluster);
        await Tar(Path.Combine(target, "pg_wal.tar.gz"), Path.Combine(cluster, "pg_wal"));
        File.SetUnixFileMode(cluster, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (PostgresCluster.RunningAsRoot)
        {
            ProcessRunner.Run("chown", "-R", "postgres:postgres", cluster);
        }

        var port = FreePort.Next();
        using var server = await RunPostgres(cluster, port);
        var password = (await File.ReadAllTextAsync(Path.Combine(stack.DataDirectory, "secrets", "postgres-password"), Cancel)).Trim();
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=omniretail;Password={password};Database=orderdb;Pooling=false");
        await connection.OpenAsync(Cancel);
        (await Rows(connection, """SELECT count(*) FROM orders WHERE "OrderId" = ANY($1)""", orders.ToArray())).Single().ShouldBe("2");
    }

    private static async Task Tar(string archive, string into)
    {
        Directory.CreateDirectory(into);
        using var tar = Process.Start(new ProcessStartInfo("tar", ["-xzf", archive, "-C", into]) { RedirectStandardError = true })!;
        await tar.WaitForExitAsync(Cancel);
        tar.ExitCode.ShouldBe(0, await tar.StandardError.ReadToEndAsync(Cancel));
    }

    /// <summary>A PostgreSQL server on a restored data folder, stopped when disposed.</summary>
    private static async Task<RunningServer> RunPostgres(string cluster, int port)
    {
        // The socket goes to the data folder, as the AppHost's does; the stale pid file of a base backup is not there.
        var (command, args) = PostgresCluster.Server(cluster, port);
        var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, line) => errors.AppendLine(line.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var probe = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=probe;Password=not-a-password;Database=postgres;Pooling=false;Timeout=2");
                await probe.OpenAsync(Cancel);
            }
            catch (PostgresException refused) when (refused.SqlState.StartsWith("28", StringComparison.Ordinal))
            {
                // Refusing this user means the server answers (and is past its start and recovery).
                return new RunningServer(process);
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(250, Cancel);
                continue;
            }
            catch (Exception exception)
            {
                throw new InvalidOperationException($"The restored server did not start: {errors}", exception);
            }

            return new RunningServer(process);
        }
    }

    private sealed class RunningServer(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }

            process.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var folder in _folders.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
