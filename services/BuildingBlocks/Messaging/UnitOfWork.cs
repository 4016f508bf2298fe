using Microsoft.EntityFrameworkCore;

namespace OmniRetail.BuildingBlocks.Messaging;

public static class UnitOfWork
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, saves the DbContext (outbox messages included) and
    /// commits; a transient failure (a dropped connection, a deadlock victim) replays the whole unit.
    /// </summary>
    public static Task<T> InTransaction<T>(this MessagingDbContext db, Func<Task<T>> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await work();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        });

    public static Task InTransaction(this MessagingDbContext db, Func<Task> work, CancellationToken cancellationToken) =>
        db.InTransaction(async () =>
        {
            await work();
            return true;
        }, cancellationToken);

    /// <summary>
    /// Inside a unit of work already running (a consumer's inbox transaction), <paramref name="work"/> joins it and is
    /// saved with it; otherwise it runs as a unit of its own (<see cref="InTransaction"/>).
    /// </summary>
    public static Task InCurrentOrNewTransaction(this MessagingDbContext db, Func<Task> work, CancellationToken cancellationToken) =>
        db.Database.CurrentTransaction is null ? db.InTransaction(work, cancellationToken) : work();
}
