using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;

namespace OmniRetail.BuildingBlocks.Messaging.Sagas;

public static class SagaRepositoryExtensions
{
    /// <summary>
    /// Persists <typeparamref name="TSaga"/> in the service's PostgreSQL database, which must map it as an
    /// entity keyed by CorrelationId (see <see cref="PostgresSagaRepositoryContextFactory{TSaga}"/>).
    /// </summary>
    public static ISagaRegistrationConfigurator<TSaga> PostgresRepository<TSaga>(this ISagaRegistrationConfigurator<TSaga> saga)
        where TSaga : class, ISaga
    {
        saga.Repository(repository =>
        {
            repository.RegisterSagaRepository<TSaga, MessagingDbContext, SagaConsumeContextFactory<MessagingDbContext, TSaga>,
                PostgresSagaRepositoryContextFactory<TSaga>>();
            repository.RegisterQuerySagaRepository<TSaga, PostgresSagaRepositoryContextFactory<TSaga>>();
            repository.RegisterLoadSagaRepository<TSaga, PostgresSagaRepositoryContextFactory<TSaga>>();
        });
        return saga;
    }
}
