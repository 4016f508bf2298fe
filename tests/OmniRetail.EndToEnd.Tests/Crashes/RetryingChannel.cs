using System.Collections.Concurrent;
using System.Net;
using OmniRetail.EndToEnd.Tests.Backbone;

namespace OmniRetail.EndToEnd.Tests.Crashes;

/// <summary>
/// A channel posting orders steadily, as real channels do: a request that fails or is refused while a
/// service is down is sent again, unchanged, until it is accepted.
/// </summary>
public sealed class RetryingChannel(BackboneClient client, string channel, string secret)
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);
    private int _accepted;
    private int _retries;

    public int Accepted => _accepted;

    public int Retries => _retries;

    /// <returns>The OmniRetail order id each external id was accepted as.</returns>
    public async Task<IReadOnlyDictionary<string, Guid>> PostAll(IReadOnlyList<string> externalIds, Func<string, string> body, int concurrency)
    {
        var accepted = new ConcurrentDictionary<string, Guid>();
        await Parallel.ForEachAsync(externalIds, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (externalId, _) =>
        {
            accepted[externalId] = await PostUntilAccepted(externalId, body(externalId));
            Interlocked.Increment(ref _accepted);
        });
        return accepted;
    }

    private async Task<Guid> PostUntilAccepted(string externalId, string body)
    {
        var deadline = DateTime.UtcNow + GiveUpAfter;
        while (true)
        {
            try
            {
                using var response = await client.PostGeneric(channel, secret, body, idempotencyKey: externalId);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    return await BackboneClient.AcceptedOrderId(response);
                }

                // A crashed service answers 502/503 through the gateway; anything else is the test's own fault.
                ((int)response.StatusCode).ShouldBeGreaterThanOrEqualTo(500, await response.Content.ReadAsStringAsync());
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // The connection broke or the answer never came: a channel cannot know whether the order
                // was stored, so it sends the same order again.
            }

            (DateTime.UtcNow < deadline).ShouldBeTrue($"order {externalId} was never accepted");
            Interlocked.Increment(ref _retries);
            await Task.Delay(250);
        }
    }
}
