using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;
using OmniRetail.BuildingBlocks.Tests.Support;
using OmniRetail.ServiceDefaults.Staff;
using OmniRetail.TestInfrastructure;
using OmniRetail.TestInfrastructure.Staff;

namespace OmniRetail.BuildingBlocks.Tests.Foundation;

/// <summary>
/// What every service accepts as a staff token: ES256 from the published keys, this issuer and audience, unexpired, and
/// a role that holds the endpoint's permission. And a service with an endpoint that names no permission does not start.
/// </summary>
public sealed class StaffTokenTests(TestServers servers) : IAsyncLifetime
{
    private TestService? _service;
    private string _deadMessages = "";

    public async ValueTask InitializeAsync()
    {
        var name = $"tokens-{Guid.NewGuid():N}"[..16];
        _service = await TestService.StartAsync(await servers.CreateDatabaseAsync(nameof(StaffTokenTests)), (await servers.RabbitMq()).ConnectionString, name);
        _deadMessages = $"/api/{name}/messages/dead";
    }

    private async Task<HttpStatusCode> Call(string token)
    {
        using var http = new HttpClient { BaseAddress = new Uri(_service!.App.Urls.First()) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var response = await http.GetAsync(_deadMessages, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_token_of_the_published_key_opens_what_its_role_may_call_and_nothing_else_does()
    {
        (await Call(StaffTokens.Issue(StaffRoles.Operator))).ShouldBe(HttpStatusCode.OK);
        (await Call(StaffTokens.Issue(StaffRoles.Warehouse))).ShouldBe(HttpStatusCode.Forbidden, "the warehouse role does not hold the operations permission");

        var another = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = StaffTokens.SigningKey.KeyId };
        (await Call(StaffTokens.IssueWith(another, SecurityAlgorithms.EcdsaSha256, [StaffRoles.Admin]))).ShouldBe(HttpStatusCode.Unauthorized, "another key, same key id");
        (await Call(StaffTokens.IssueWith(StaffTokens.SigningKey, SecurityAlgorithms.EcdsaSha256, [StaffRoles.Admin], expires: DateTime.UtcNow.AddMinutes(-5))))
            .ShouldBe(HttpStatusCode.Unauthorized, "expired");
        (await Call(StaffTokens.IssueWith(StaffTokens.SigningKey, SecurityAlgorithms.EcdsaSha256, [StaffRoles.Admin], issuer: "someone-else")))
            .ShouldBe(HttpStatusCode.Unauthorized, "wrong issuer");
        (await Call(StaffTokens.IssueWith(StaffTokens.SigningKey, SecurityAlgorithms.EcdsaSha256, [StaffRoles.Admin], audience: "someone-else")))
            .ShouldBe(HttpStatusCode.Unauthorized, "wrong audience");

        // An HMAC made with the public key as its secret: the classic confusion of algorithms.
        var publicKeyAsSecret = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(StaffTokens.KeySet.PadRight(64))) { KeyId = StaffTokens.SigningKey.KeyId };
        (await Call(StaffTokens.IssueWith(publicKeyAsSecret, SecurityAlgorithms.HmacSha256, [StaffRoles.Admin]))).ShouldBe(HttpStatusCode.Unauthorized, "HS256");

        // alg: none, signature empty.
        var genuine = StaffTokens.IssueWith(StaffTokens.SigningKey, SecurityAlgorithms.EcdsaSha256, [StaffRoles.Admin]).Split('.');
        var unsigned = $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{genuine[1]}.";
        (await Call(unsigned)).ShouldBe(HttpStatusCode.Unauthorized, "alg none");
    }

    [Fact]
    public async Task A_service_with_an_endpoint_that_names_no_permission_refuses_to_start()
    {
        var failure = await Should.ThrowAsync<InvalidOperationException>(async () =>
        {
            await using var service = await TestService.StartAsync(await servers.CreateDatabaseAsync("unguarded"), (await servers.RabbitMq()).ConnectionString,
                $"unguarded-{Guid.NewGuid():N}"[..16], endpoints: app => app.MapPost("/api/unguarded/things", () => Results.Ok()));
        });

        failure.Message.ShouldContain("POST /api/unguarded/things");
    }

    public async ValueTask DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }
}
