using System.Net;
using System.Text.Json;
using Aspire.Hosting.Testing;
using OmniRetail.ServiceDefaults;

namespace OmniRetail.EndToEnd.Tests;

public sealed class StackStartupTests(WholeStack stack)
{
    public static TheoryData<string> Resources => new(
        WholeStack.InfrastructureResources
            .Concat(ResourceNames.Services.Select(service => service.Name))
            .Append(ResourceNames.Gateway));

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Every_resource_becomes_healthy(string resource) => await stack.WaitUntilHealthyAsync(resource);

    [Fact]
    public async Task Gateway_readiness_names_all_seven_services_healthy()
    {
        await WaitForAllServices();
        using var gateway = stack.App.CreateHttpClient(ResourceNames.Gateway);

        using var response = await gateway.GetAsync(Extensions.ReadyPath, TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        var services = json.RootElement.GetProperty("services");
        services.EnumerateObject().Select(service => service.Name)
            .ShouldBe(ResourceNames.Services.Select(service => service.Name), ignoreOrder: true);
        foreach (var service in services.EnumerateObject())
        {
            service.Value.GetProperty("status").GetString().ShouldBe("Healthy", $"{service.Name}: {service.Value}");
        }
    }

    [Fact]
    public async Task Gateway_serves_every_service_openapi_document()
    {
        await WaitForAllServices();
        using var gateway = stack.App.CreateHttpClient(ResourceNames.Gateway);

        foreach (var service in ResourceNames.Services)
        {
            using var response = await gateway.GetAsync($"/openapi/{service.Name}.json", TestContext.Current.CancellationToken);

            response.StatusCode.ShouldBe(HttpStatusCode.OK, service.Name);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            document.RootElement.GetProperty("openapi").GetString().ShouldStartWith("3.");
            (document.RootElement.GetProperty("info").GetProperty("title").GetString() ?? "").ShouldContain(service.Name.Replace("-", ""), Case.Insensitive);
        }
    }

    [Fact]
    public async Task Gateway_forwards_to_the_service_and_echoes_the_correlation_id()
    {
        await WaitForAllServices();
        using var gateway = stack.App.CreateHttpClient(ResourceNames.Gateway);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/orders/no-such-endpoint");
        request.Headers.Add("X-Correlation-Id", "e2e-correlation-42");

        using var response = await gateway.SendAsync(request, TestContext.Current.CancellationToken);

        // The order service answered (its own problem-details 404), not the gateway (502/404 without body).
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        response.Headers.GetValues("X-Correlation-Id").ShouldBe(["e2e-correlation-42"]);
    }

    private async Task WaitForAllServices()
    {
        await Task.WhenAll(ResourceNames.Services.Select(service => stack.WaitUntilHealthyAsync(service.Name))
            .Append(stack.WaitUntilHealthyAsync(ResourceNames.Gateway)));
    }
}
