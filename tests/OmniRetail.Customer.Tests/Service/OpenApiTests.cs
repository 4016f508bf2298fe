namespace OmniRetail.Customer.Tests.Service;

[Collection(CustomerServiceCollection.Name)]
public sealed class OpenApiTests(CustomerHost customers)
{
    [Fact]
    public async Task The_openapi_document_lists_every_customer_endpoint_and_the_formulas()
    {
        var document = await customers.Api.Get("/openapi/v1.json");
        var paths = document["paths"]!.AsObject().ToDictionary(p => p.Key.TrimEnd('/'), p => p.Value!.AsObject());

        string[] expected =
        [
            "/api/customers", "/api/customers/{id}", "/api/customers/{id}/orders", "/api/customers/{id}/merge", "/api/customers/{id}/consent",
            "/api/customers/{id}/export", "/api/customers/{id}/surveys", "/api/customers/{id}/loyalty", "/api/customers/{id}/loyalty/redemptions",
            "/api/customers/segments", "/api/customers/segments/recompute", "/api/customers/satisfaction", "/api/returns", "/api/returns/{id}",
            "/api/returns/{id}/receipts", "/api/tickets", "/api/tickets/{id}", "/api/tickets/{id}/messages", "/api/tickets/{id}/assign",
            "/api/tickets/{id}/status", "/api/surveys/{token}", "/api/loyalty/program",
        ];
        expected.ShouldBeSubsetOf(paths.Keys);
        paths["/api/customers/segments/recompute"]["post"]!["description"]!.GetValue<string>().ShouldContain("1 + ⌊5 × (customers strictly worse) ÷");
        paths["/api/customers/satisfaction"]["get"]!["description"]!.GetValue<string>().ShouldContain("nps = 100 × (promoters");
        paths["/api/loyalty/program"]["put"]!["description"]!.GetValue<string>().ShouldContain("× pointsPerUnit⌋");
        paths["/api/customers/{id}"].ContainsKey("delete").ShouldBeTrue();
        (await OmniRetail.TestInfrastructure.OpenApiCoverage.Undocumented(customers.Api)).ShouldBeEmpty();
    }
}
