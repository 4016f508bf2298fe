namespace OmniRetail.ChannelConnector.Tests;

/// <summary>The tests that start the channel connector: one at a time, since every instance consumes from the same queues.</summary>
[CollectionDefinition(Name)]
public sealed class ChannelConnectorCollection
{
    public const string Name = "channel connector service";
}
