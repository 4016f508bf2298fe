using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace OmniRetail.BuildingBlocks.Messaging.Sagas;

internal static class UniqueViolation
{
    public static bool Is(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
