using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OmniRetail.Demo.Gateway;

/// <summary>What an operator's script does through the gateway: sign in (<see cref="StaffSession"/>), then call staff endpoints.</summary>
public sealed class StaffClient(HttpClient http)
{
    public HttpClient Http => http;

    /// <summary>Signs in now (so wrong credentials fail here), and answers a client whose requests carry the session's tokens.</summary>
    public static async Task<StaffClient> SignIn(StaffSession session, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        await session.AccessToken(cancellationToken);
        return new StaffClient(session.Client(timeout));
    }

    public async Task<JsonNode> Post(string path, object body, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync(path, body, cancellationToken);
        return await Success(response, cancellationToken);
    }

    public async Task<JsonNode> Put(string path, object body, CancellationToken cancellationToken = default)
    {
        using var response = await http.PutAsJsonAsync(path, body, cancellationToken);
        return await Success(response, cancellationToken);
    }

    /// <summary>The resource, or null when it does not exist (404).</summary>
    public async Task<JsonNode?> Get(string path, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await Success(response, cancellationToken);
    }

    private static async Task<JsonNode> Success(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }

        return JsonNode.Parse(body is { Length: > 0 } ? body : "{}")!;
    }
}
