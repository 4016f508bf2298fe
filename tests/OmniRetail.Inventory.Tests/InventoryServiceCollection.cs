namespace OmniRetail.Inventory.Tests;

/// <summary>Tests that start the Inventory service take turns: two hosts at once would consume each other's queues.</summary>
[CollectionDefinition(Name)]
public sealed class InventoryServiceCollection
{
    public const string Name = "inventory service";
}
