using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace OmniRetail.BuildingBlocks.Messaging;

/// <summary>An insert that lost to a row with the same unique key (a duplicate delivery, a race to create).</summary>
public static class UniqueViolation
{
    public static bool Is(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
