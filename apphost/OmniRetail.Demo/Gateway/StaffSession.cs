using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OtpNet;

namespace OmniRetail.Demo.Gateway;

/// <summary>
/// A signed-in member of staff, as a message handler: every request leaving through it carries a current access token.
/// It signs in with the password and, for an account with a second factor, the authenticator's code computed from the
/// TOTP secret; refreshes the token pair shortly before the access token runs out; and signs in again when the refresh
/// token is refused. One session may serve many clients (<c>new HttpClient(session, disposeHandler: false)</c>).
/// </summary>
public sealed class StaffSession(Uri gateway, string username, string password, string? totpSecret, HttpMessageHandler? inner = null)
    : DelegatingHandler(inner ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
{
    private static readonly TimeSpan RefreshAhead = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _accessToken;
    private string? _refreshToken;
    private DateTimeOffset _refreshAt = DateTimeOffset.MinValue;

    public string Username => username;

    /// <summary>A client of the gateway that sends through this session.</summary>
    public HttpClient Client(TimeSpan? timeout = null) => new(this, disposeHandler: false) { BaseAddress = gateway, Timeout = timeout ?? TimeSpan.FromSeconds(60) };

    /// <summary>The current access token, signing in or refreshing first when needed.</summary>
    public async Task<string> AccessToken(CancellationToken cancellationToken)
    {
        if (_accessToken is { } current && DateTimeOffset.UtcNow < _refreshAt)
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_accessToken is null || DateTimeOffset.UtcNow >= _refreshAt)
            {
                var renewed = _refreshToken is { } refresh ? await Post("/api/auth/refresh", new { refreshToken = refresh }, cancellationToken) : null;
                Take(renewed ?? await SignIn(cancellationToken));
            }

            return _accessToken!;
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", await AccessToken(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }

    private void Take(JsonNode tokens)
    {
        _accessToken = tokens["accessToken"]!.GetValue<string>();
        _refreshToken = tokens["refreshToken"]?.GetValue<string>();
        _refreshAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(tokens["expiresIn"]!.GetValue<int>()) - RefreshAhead;
    }

    private async Task<JsonNode> SignIn(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var code = totpSecret is { Length: > 0 } ? new Totp(Base32Encoding.ToBytes(totpSecret)).ComputeTotp(DateTime.UtcNow) : null;
            using var response = await base.SendAsync(Json("/api/auth/token", new { username, password, code }), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return JsonNode.Parse(body)!;
            }

            // Each code is accepted once: another client of the same account used this one. The next comes within 30 s.
            if (response.StatusCode == HttpStatusCode.Unauthorized && code is not null && attempt < 3 && body.Contains("mfaRequired", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromSeconds(31 - (DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 30)), cancellationToken);
                continue;
            }

            throw new HttpRequestException($"Signing in as {username} answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }
    }

    private async Task<JsonNode?> Post(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await base.SendAsync(Json(path, body), cancellationToken);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) : null;
    }

    private HttpRequestMessage Json(string path, object body) => new(HttpMethod.Post, new Uri(gateway, path)) { Content = JsonContent.Create(body) };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
        }

        base.Dispose(disposing);
    }
}
