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

    public TimeSpan DeliveredRetention { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(1);
}
