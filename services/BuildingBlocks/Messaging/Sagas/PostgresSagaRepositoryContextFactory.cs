using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;

namespace OmniRetail.BuildingBlocks.Messaging.Sagas;

/// <summary>
/// MassTransit's saga repository on the service's own PostgreSQL database. Each message is one
/// <see cref="InboxTransaction"/>: the instance is loaded with a row lock, the state machine runs, and
/// the new state, the inbox record and everything the saga published or scheduled commit together.
/// When two initial events race to create the same instance, the loser's insert hits the primary key;
/// its transaction is rolled back and the message is applied again to the instance the winner created.
/// </summary>
public sealed class PostgresSagaRepositoryContextFactory<TSaga>(
    MessagingDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, ISagaConsumeContextFactory<MessagingDbContext, TSaga> factory)
    : ISagaRepositoryContextFactory<TSaga>, IQuerySagaRepositoryContextFactory<TSaga>, ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISaga
{
    private const int CreationRaceAttempts = 5;
    private static readonly string Consumer = typeof(TSaga).FullName!;

    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next) where T : class =>
        InUnitOfWork(context, () => next.Send(RepositoryContext(context)));

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next) where T : class =>
        InUnitOfWork(context, async () =>
        {
            var instances = await SagaRows<TSaga>.LockMatching(db, query.FilterExpression, context.CancellationToken);
            await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(RepositoryContext(context), instances));
        });

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new PostgresSagaQueryContext<TSaga>(db, cancellationToken));

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new PostgresSagaQueryContext<TSaga>(db, cancellationToken));

    public void Probe(ProbeContext context) => context.Add("persistence", "postgresql");

    private PostgresSagaRepositoryContext<TSaga, T> RepositoryContext<T>(ConsumeContext<T> context) where T : class =>
        new(db, new OutboxConsumeContext<T>(context, outbox), factory, outbox);

    private async Task InUnitOfWork(ConsumeContext context, Func<Task> work)
    {
        var messageId = InboxTransaction.MessageIdOf(context);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await InboxTransaction.RunOnce(db, metrics, Consumer, messageId, work, context.CancellationToken);
                return;
            }
            catch (DbUpdateException exception) when (UniqueViolation.Is(exception) && attempt < CreationRaceAttempts)
            {
                // Another message created this instance first: apply this one to it.
            }
        }
    }
}
