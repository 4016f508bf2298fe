using Npgsql;
using OmniRetail.BuildingBlocks.Messaging.Schema;
using OmniRetail.BuildingBlocks.Tests.Support;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.BuildingBlocks.Tests.Messaging;

/// <summary>The library migrates its own tables, once per database, whoever starts first, and adopts tables an older version created.</summary>
public sealed class MessagingSchemaTests(TestServers servers)
{
    private readonly Guid _run = Guid.NewGuid();

    [Fact]
    public async Task A_new_database_gets_the_librarys_tables_from_the_library_once_however_many_services_start_on_it()
    {
        var database = await servers.CreateDatabaseAsync("schema_new");
        var broker = (await servers.RabbitMq()).ConnectionString;

        await using (await TestService.StartAsync(database, broker, $"schema-a-{_run:N}"))
        await using (await TestService.StartAsync(database, broker, $"schema-b-{_run:N}"))
        {
        }

        (await Scalar<long>(database, $"SELECT count(*) FROM {MessagingSchema.HistoryTable}")).ShouldBe(MessagingSchema.Steps.Count);
        (await Scalar<long>(database, """SELECT count(*) FROM "__EFMigrationsHistory" WHERE "MigrationId" LIKE '%ReliableMessaging%'""")).ShouldBe(0);
        (await Scalar<string>(database, """SELECT data_type FROM information_schema.columns WHERE table_name = 'outbox_messages' AND column_name = 'Body'""")).ShouldBe("text");
    }

    [Fact]
    public async Task Tables_an_older_version_created_through_the_services_migrations_are_adopted_with_their_rows()
    {
        var database = await servers.CreateDatabaseAsync("schema_adopted");
        // As the services' own migrations left them before the library owned its tables: the body still jsonb, one row waiting.
        await Execute(database, """
            CREATE TABLE outbox_messages ("SequenceNumber" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "MessageId" uuid NOT NULL,
                "MessageType" character varying(512) NOT NULL, "Body" jsonb NOT NULL, "DestinationAddress" text NULL,
                "PartitionKey" character varying(128) NULL, "CorrelationId" uuid NULL, "TraceParent" text NULL,
                "CreatedAt" timestamp with time zone NOT NULL, "DueAt" timestamp with time zone NOT NULL, "Attempts" integer NOT NULL,
                "LastError" text NULL, "DeliveredAt" timestamp with time zone NULL, "DeadAt" timestamp with time zone NULL);
            INSERT INTO outbox_messages ("MessageId", "MessageType", "Body", "CreatedAt", "DueAt", "Attempts", "DeadAt")
                VALUES (gen_random_uuid(), 'Old.Type, Old', '{}', now(), now(), 5, now());
            CREATE TABLE inbox_entries ("Consumer" character varying(256) NOT NULL, "MessageId" uuid NOT NULL,
                "ProcessedAt" timestamp with time zone NOT NULL, PRIMARY KEY ("Consumer", "MessageId"));
            """);

        await using (await TestService.StartAsync(database, (await servers.RabbitMq()).ConnectionString, $"schema-old-{_run:N}"))
        {
        }

        (await Scalar<long>(database, """SELECT count(*) FROM outbox_messages WHERE "MessageType" = 'Old.Type, Old'""")).ShouldBe(1);
        (await Scalar<string>(database, """SELECT data_type FROM information_schema.columns WHERE table_name = 'outbox_messages' AND column_name = 'Body'""")).ShouldBe("text");
        (await Scalar<long>(database, "SELECT count(*) FROM pg_indexes WHERE tablename = 'outbox_messages' AND indexname = 'ix_outbox_pending_due'")).ShouldBe(1);
    }

    private static async Task Execute(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<T> Scalar<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
