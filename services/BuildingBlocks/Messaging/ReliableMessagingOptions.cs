namespace OmniRetail.BuildingBlocks.Messaging;

public sealed class ReliableMessagingOptions
{
    public const string Section = "ReliableMessaging";

    /// <summary>Off only in tests that play a process which committed but died before relaying.</summary>
    public bool RelayEnabled { get; set; } = true;

    public int BatchSize { get; set; } = 500;

    /// <summary>Longest sleep between looks at the outbox; a commit in this process wakes the relay at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one batch may wait for the broker's confirms before it counts as failed.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries back off exponentially up to this; the broker being down is never a reason to give up.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A message whose type or body cannot be read goes dead after this many attempts.</summary>
    public int MaxUnreadableAttempts { get; set; } = 5;

    /// <summary>
    /// A message the broker accepts but refuses to deliver for any other reason (a bad address, a refused channel) goes
    /// dead after this many attempts, so its partition moves on. Broker outages never count.
    /// </summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The longest wait between tries of a message no queue is bound for yet, so it reaches its consumer soon after that binds.</summary>
    public TimeSpan UnroutedRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often a failed message is retried in process (after 100, 200, 400 ms, ...) before it is redelivered later. Few
    /// and short: a retry holds one of the endpoint's consumer slots while it waits.
    /// </summary>
    public int Retries { get; set; } = 3;

    /// <summary>
    /// After its in-process retries, a failed message goes back to its consumer after each of these delays in turn
    /// (through the outbox, so a restart loses none); after the last it is kept dead for an operator to replay.
    /// </summary>
    public List<TimeSpan> RedeliveryDelays { get; set; } = [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10)];

    public TimeSpan DeliveredRetention { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(1);
}
