namespace OmniRetail.ChannelConnector.Channels;

public sealed class Channel
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    public required string Kind { get; set; }

    /// <summary>Warehouse codes, most preferred first; a store's first entry is the store itself.</summary>
    public string[] WarehousePriorities { get; set; } = [];

    /// <summary>How OmniRetail reaches the channel's API (<c>OutboundSettings</c> as JSON), encrypted; null when not set.</summary>
    public string? ProtectedOutbound { get; set; }

    /// <summary>The days within which the channel promises its shoppers delivery; null: no promise (the cheapest carrier service wins).</summary>
    public int? PromisedDeliveryDays { get; set; }

    public DateTime RegisteredAt { get; init; }

    /// <summary><see cref="Contracts.Channels.ChannelPresence"/>: a store is offline unless told otherwise, every other kind online.</summary>
    public string Presence { get; set; } = Contracts.Channels.ChannelPresence.Online;

    /// <summary><see cref="Contracts.Channels.ChannelOwnership"/>: direct unless told otherwise.</summary>
    public string Ownership { get; set; } = Contracts.Channels.ChannelOwnership.Direct;

    public static string DefaultPresence(string kind) => kind == Contracts.Channels.ChannelKinds.Store ? Contracts.Channels.ChannelPresence.Offline : Contracts.Channels.ChannelPresence.Online;

    public Contracts.Channels.ChannelRegistered Announcement() => new() { Code = Code, Name = Name, Kind = Kind, Presence = Presence, Ownership = Ownership };
}
