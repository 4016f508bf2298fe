using OmniRetail.TestInfrastructure;

namespace OmniRetail.Identity.Tests.Service;

[Collection(IdentityServiceCollection.Name)]
public sealed class OpenApiTests(IdentityHost identity)
{
    [Fact]
    public async Task Every_api_endpoint_is_in_the_openapi_document_with_the_chain_formula()
    {
        (await OpenApiCoverage.Undocumented(identity.Host)).ShouldBeEmpty();
        var paths = (await identity.Host.Get("/openapi/v1.json"))["paths"]!.AsObject().ToDictionary(p => p.Key.TrimEnd('/'), p => p.Value!);
        paths["/api/audit"]["get"]!["description"]!.GetValue<string>().ShouldContain("SHA-256 (hex) of the JSON array [sequence, at");
        paths["/api/auth/password"]["post"]!["description"]!.GetValue<string>().ShouldContain("at least 5 different");
    }
}
