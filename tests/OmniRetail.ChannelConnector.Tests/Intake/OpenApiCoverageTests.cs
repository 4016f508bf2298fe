using OmniRetail.TestInfrastructure;

namespace OmniRetail.ChannelConnector.Tests.Intake;

/// <summary>Nothing the Channel-Connector service answers under /api is missing from its OpenAPI document.</summary>
[Collection(ChannelConnectorCollection.Name)]
public sealed class OpenApiCoverageTests(TestServers servers)
{
    [Fact]
    public async Task Every_api_endpoint_is_in_the_openapi_document()
    {
        await using var host = await ServiceHost<Program>.StartAsync(servers, "channel-connector", "channel_connector_openapi");
        (await OpenApiCoverage.Undocumented(host)).ShouldBeEmpty();
    }
}
