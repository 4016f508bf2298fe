using Npgsql;
using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.BuildingBlocks.Tests.Persistence;

public sealed class ConnectionDefaultsTests
{
    private const string Server = "Host=127.0.0.1;Port=5432;Username=omniretail;Password=secret;Database=orderdb";

    [Fact]
    public void A_connection_string_that_says_nothing_gets_a_bounded_pool_prepared_statements_and_no_reset()
    {
        var settings = new NpgsqlConnectionStringBuilder(ConnectionDefaults.Apply(Server));

        settings.MaxPoolSize.ShouldBe(40);
        settings.MaxAutoPrepare.ShouldBe(64);
        settings.NoResetOnClose.ShouldBeTrue();
        settings.Database.ShouldBe("orderdb");
    }

    [Fact]
    public void What_the_connection_string_says_wins_under_any_spelling()
    {
        var settings = new NpgsqlConnectionStringBuilder(ConnectionDefaults.Apply($"{Server};MaxPoolSize=7;maxautoprepare=0;No Reset On Close=false"));

        settings.MaxPoolSize.ShouldBe(7);
        settings.MaxAutoPrepare.ShouldBe(0);
        settings.NoResetOnClose.ShouldBeFalse();
    }
}
