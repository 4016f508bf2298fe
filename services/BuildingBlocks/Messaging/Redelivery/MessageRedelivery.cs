using System.Text.Json;
using MassTransit;

namespace OmniRetail.BuildingBlocks.Messaging.Redelivery;

/// <summary>
/// How often a consumed message has been sent back to its consumer, and the id it first arrived with: the inbox keys on
/// that id, so a redelivered copy takes effect at most once, like the original.
/// </summary>
public sealed record MessageRedelivery(Guid OriginalMessageId, int Count)
{
    public const string OriginalMessageIdHeader = "OmniRetail-Original-MessageId";
    public const string CountHeader = "OmniRetail-Redelivery";

    public static MessageRedelivery Of(ConsumeContext context) => new(
        Guid.TryParse(context.Headers.Get<string>(OriginalMessageIdHeader), out var original) ? original : context.MessageId ?? Guid.Empty,
        context.Headers.Get<int>(CountHeader) ?? 0);

    /// <summary>The id the inbox records: the original one for a redelivered copy.</summary>
    public static Guid? InboxMessageId(ConsumeContext context) =>
        Guid.TryParse(context.Headers.Get<string>(OriginalMessageIdHeader), out var original) ? original : context.MessageId;

    public MessageRedelivery Next() => this with { Count = Count + 1 };

    public string Headers() => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        [OriginalMessageIdHeader] = OriginalMessageId.ToString(),
        [CountHeader] = Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public static IReadOnlyDictionary<string, string> ReadHeaders(string? json) =>
        json is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}
