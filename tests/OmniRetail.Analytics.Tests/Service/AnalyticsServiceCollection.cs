namespace OmniRetail.Analytics.Tests.Service;

/// <summary>The tests that start the Analytics service: one at a time, since every instance consumes from the same queues.</summary>
[CollectionDefinition(Name)]
public sealed class AnalyticsServiceCollection
{
    public const string Name = "analytics service";
}
