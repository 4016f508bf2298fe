namespace OmniRetail.BuildingBlocks.Messaging.Outbox;

/// <summary>Wakes the relay when a transaction with outbox messages commits, so delivery does not wait for the next poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Notify()
    {
        if (_pending.CurrentCount == 0)
        {
            try
            {
                _pending.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit woke it first; one wake-up covers both.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pending.WaitAsync(timeout, cancellationToken);
}
