using System.Text.Json.Nodes;

namespace OmniRetail.Supply.Tests.Service;

[Collection(SupplyServiceCollection.Name)]
public sealed class OpenApiTests(SupplyHost supply)
{
    [Fact]
    public async Task The_openapi_document_lists_every_supply_endpoint_and_the_policy_formulas()
    {
        var document = await supply.Api.Get("/openapi/v1.json");
        var paths = document["paths"]!.AsObject().ToDictionary(p => p.Key.TrimEnd('/'), p => p.Value!.AsObject());

        string[] expected =
        [
            "/api/supply/suppliers", "/api/supply/suppliers/{code}", "/api/supply/suppliers/{code}/offers/{sku}", "/api/supply/suppliers/{code}/scorecard",
            "/api/supply/purchase-orders", "/api/supply/purchase-orders/{id}", "/api/supply/purchase-orders/{id}/send", "/api/supply/purchase-orders/{id}/receipts",
            "/api/supply/purchase-orders/{id}/close", "/api/supply/purchase-orders/{id}/cancel", "/api/supply/demand-history", "/api/supply/settings",
            "/api/supply/skus/{sku}/settings", "/api/supply/skus/{sku}/policy", "/api/supply/skus", "/api/supply/policies/recompute",
            "/api/supply/replenishment/proposals", "/api/supply/replenishment/run", "/api/supply/alerts", "/api/supply/simulations",
            "/api/supply/rebalancing/proposals",
        ];
        expected.ShouldBeSubsetOf(paths.Keys);
        (await OmniRetail.TestInfrastructure.OpenApiCoverage.Undocumented(supply.Api)).ShouldBeEmpty();
        var policy = paths["/api/supply/skus/{sku}/policy"]["get"]!["description"]!.GetValue<string>();
        policy.ShouldContain("SS = z·√((L+R)·σd² + d²·σL²)");
        policy.ShouldContain("ROP = d·(L+R) + SS");
        paths["/api/supply/demand-history"]["post"]!["requestBody"]!["content"]!.AsObject().Select(c => c.Key).ShouldBe(["application/json", "text/csv"], ignoreOrder: true);
    }
}
