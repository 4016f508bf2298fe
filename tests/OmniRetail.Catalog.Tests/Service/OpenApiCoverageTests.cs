using OmniRetail.TestInfrastructure;

namespace OmniRetail.Catalog.Tests.Service;

/// <summary>Nothing the Catalog service answers under /api is missing from its OpenAPI document.</summary>
// One Catalog host at a time on the shared broker: two would compete for the same queues.
[Collection("catalog service")]
public sealed class OpenApiCoverageTests(TestServers servers)
{
    [Fact]
    public async Task Every_api_endpoint_is_in_the_openapi_document()
    {
        await using var host = await ServiceHost<Program>.StartAsync(servers, "catalog", "catalog_openapi");
        (await OpenApiCoverage.Undocumented(host)).ShouldBeEmpty();
    }
}
