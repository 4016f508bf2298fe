using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging.Outbox;

namespace OmniRetail.BuildingBlocks.Messaging.Sagas;

/// <summary>
/// The saga instances one message sees, inside its unit of work: loaded with a row lock, changed in the
/// DbContext, written when the unit of work saves, together with the inbox record and outbox messages.
/// </summary>
internal sealed class PostgresSagaRepositoryContext<TSaga, TMessage>(
    MessagingDbContext db, ConsumeContext<TMessage> consumeContext, ISagaConsumeContextFactory<MessagingDbContext, TSaga> factory, TransactionalOutbox outbox)
    : ConsumeContextScope<TMessage>(consumeContext, db), SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISaga
    where TMessage : class
{
    private const string InsertSavepoint = "saga_insert";

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> context, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        factory.CreateSagaConsumeContext(db, context, Owning(instance), mode);

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        factory.CreateSagaConsumeContext(db, this, Owning(instance), SagaConsumeContextMode.Add);

    /// <summary>What the saga publishes while it handles this message is about this instance: one partition per instance.</summary>
    private TSaga Owning(TSaga instance)
    {
        outbox.AggregateKey = instance.CorrelationId.ToString();
        return instance;
    }

    /// <summary>Writes the instance now; if another message created it first, the savepoint keeps this transaction usable.</summary>
    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("Saga instances are inserted inside the message's unit of work.");
        await transaction.CreateSavepointAsync(InsertSavepoint, CancellationToken);
        db.Set<TSaga>().Add(instance);
        try
        {
            await db.SaveChangesAsync(CancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            db.Entry(instance).State = EntityState.Detached;
            await transaction.RollbackToSavepointAsync(InsertSavepoint, CancellationToken);
            throw;
        }

        return await factory.CreateSagaConsumeContext(db, this, Owning(instance), SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await SagaRows<TSaga>.LockById(db, correlationId, CancellationToken);
        return instance is null
            ? null!
            : await factory.CreateSagaConsumeContext(db, this, Owning(instance), SagaConsumeContextMode.Load);
    }

    public Task Save(SagaConsumeContext<TSaga> context)
    {
        db.Set<TSaga>().Add(context.Saga);
        return Task.CompletedTask;
    }

    public Task Update(SagaConsumeContext<TSaga> context)
    {
        if (db.Entry(context.Saga).State == EntityState.Detached)
        {
            db.Set<TSaga>().Update(context.Saga);
        }

        return Task.CompletedTask;
    }

    public Task Delete(SagaConsumeContext<TSaga> context)
    {
        db.Set<TSaga>().Remove(context.Saga);
        return Task.CompletedTask;
    }

    public Task Discard(SagaConsumeContext<TSaga> context)
    {
        db.Entry(context.Saga).State = EntityState.Detached;
        return Task.CompletedTask;
    }

    // Nothing to undo by hand: a failed message rolls back its whole transaction.
    public Task Undo(SagaConsumeContext<TSaga> context) => Task.CompletedTask;
}

/// <summary>Read-only access to saga instances outside message handling (MassTransit's query and load repositories).</summary>
internal sealed class PostgresSagaQueryContext<TSaga>(MessagingDbContext db, CancellationToken cancellationToken)
    : BasePipeContext(cancellationToken), QuerySagaRepositoryContext<TSaga>, LoadSagaRepositoryContext<TSaga>
    where TSaga : class, ISaga
{
    public async Task<SagaRepositoryQueryContext<TSaga>> Query(ISagaQuery<TSaga> query, CancellationToken cancellationToken = default)
    {
        var instances = await db.Set<TSaga>().AsNoTracking().Where(query.FilterExpression).ToListAsync(cancellationToken);
        return new LoadedSagaRepositoryQueryContext<TSaga>(this, instances);
    }

    public Task<TSaga> Load(Guid correlationId) =>
        db.Set<TSaga>().AsNoTracking().SingleOrDefaultAsync(saga => saga.CorrelationId == correlationId, CancellationToken)!;
}
