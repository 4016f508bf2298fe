using OmniRetail.TestInfrastructure;

namespace OmniRetail.Inventory.Tests.Transfers;

/// <summary>Nothing the Inventory service answers under /api is missing from its OpenAPI document.</summary>
[Collection(InventoryServiceCollection.Name)]
public sealed class OpenApiCoverageTests(TestServers servers)
{
    [Fact]
    public async Task Every_api_endpoint_is_in_the_openapi_document()
    {
        await using var host = await ServiceHost<Program>.StartAsync(servers, "inventory", "inventory_openapi");
        (await OpenApiCoverage.Undocumented(host)).ShouldBeEmpty();
    }
}
