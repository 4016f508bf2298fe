using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using OmniRetail.LocalServers;
using OmniRetail.ServiceDefaults;

namespace OmniRetail.AppHost.Infrastructure;

internal static class LocalPostgres
{
    private const string User = LocalPostgresServer.User;

    /// <summary>
    /// One PostgreSQL server from the Debian binaries, its cluster created on the first run under the
    /// data folder. Each service's database is created by that service's own migrations.
    /// </summary>
    public static LocalPostgresServer AddLocalPostgres(this IDistributedApplicationBuilder builder, string name, LocalServerOptions options)
    {
        var dataDirectory = Path.Combine(options.DataDirectory, name);
        var password = LocalSecrets.GetOrCreate(options.DataDirectory, $"{name}-password");
        InitialiseCluster(dataDirectory, password);
        var (command, args) = PostgresCluster.Server(dataDirectory, options.PostgresPort);

        var healthCheck = $"{name}-accepts-connections";
        var adminConnection = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = options.PostgresPort, Username = User, Database = "postgres",
            Password = password, Pooling = false,
        }.ConnectionString;
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async cancellationToken =>
        {
            try
            {
                await using var connection = new NpgsqlConnection(adminConnection);
                await connection.OpenAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy(exception.Message);
            }
        });

        var server = builder.AddExecutable(name, command, dataDirectory, args)
            .WithEndpoint(port: options.PostgresPort, targetPort: options.PostgresPort, scheme: "tcp", name: "tcp", isProxied: false)
            .WithHealthCheck(healthCheck);
        return new LocalPostgresServer(builder, server, builder.AddParameter($"{name}-password", password, secret: true), options.PostgresPort);
    }

    private static void InitialiseCluster(string dataDirectory, string password)
    {
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(dataDirectory)!);
        var passwordFile = Path.Combine(dataDirectory, "..", $".{Path.GetFileName(dataDirectory)}-initdb-password");
        File.WriteAllText(passwordFile, password);
        try
        {
            PostgresCluster.Initialise(dataDirectory, User, passwordFile);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }
}

internal sealed record LocalPostgresServer(
    IDistributedApplicationBuilder Builder, IResourceBuilder<ExecutableResource> Server, IResourceBuilder<ParameterResource> Password, int Port)
{
    public const string User = "omniretail";

    /// <summary>A connection string for one service's database; the service's migrations create it.</summary>
    public IResourceBuilder<IResourceWithConnectionString> AddDatabase(string database) =>
        Builder.AddConnectionString(database, ReferenceExpression.Create(
                $"Host=127.0.0.1;Port={Port.ToString()};Username={User};Password={Password};Database={database}"))
            .WithParentRelationship(Server);
}
