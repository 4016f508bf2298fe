using System.Data.Common;
using Npgsql;

namespace OmniRetail.BuildingBlocks.Persistence;

/// <summary>
/// What a service's connection string gets unless it says otherwise. Seven services share one PostgreSQL server
/// (max_connections 300): each pool keeps at most 40 connections (Npgsql's default is 100), so a burst waits for a
/// free connection instead of exhausting the server for every service. Statements a unit of work repeats (the
/// outbox insert, the inbox claim, the saga's row lock) are prepared once per connection instead of parsed and
/// planned each time, and a connection going back to the pool is not reset: no unit of work changes session state.
/// </summary>
public static class ConnectionDefaults
{
    private static readonly (string[] Keywords, Action<NpgsqlConnectionStringBuilder> Apply)[] Defaults =
    [
        (["Maximum Pool Size", "MaxPoolSize"], settings => settings.MaxPoolSize = 40),
        (["Max Auto Prepare", "MaxAutoPrepare"], settings => settings.MaxAutoPrepare = 64),
        (["No Reset On Close", "NoResetOnClose"], settings => settings.NoResetOnClose = true),
    ];

    public static string Apply(string connectionString)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey answers true for every keyword it knows, set or not: what the
        // connection string itself says is read with the plain builder.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        foreach (var (keywords, apply) in Defaults)
        {
            if (!keywords.Any(given.ContainsKey))
            {
                apply(settings);
            }
        }

        return settings.ConnectionString;
    }
}
