using OmniRetail.TestInfrastructure;

namespace OmniRetail.Analytics.Tests.Service;

/// <summary>Nothing the Analytics service answers under /api is missing from its OpenAPI document.</summary>
[Collection(AnalyticsServiceCollection.Name)]
public sealed class OpenApiCoverageTests(TestServers servers)
{
    [Fact]
    public async Task Every_api_endpoint_is_in_the_openapi_document()
    {
        await using var host = await ServiceHost<Program>.StartAsync(servers, "analytics", "analytics_openapi");
        (await OpenApiCoverage.Undocumented(host)).ShouldBeEmpty();
    }
}
