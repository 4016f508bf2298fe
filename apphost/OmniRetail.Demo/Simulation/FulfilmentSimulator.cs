using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmniRetail.Demo.Gateway;

namespace OmniRetail.Demo.Simulation;

/// <summary>
/// The warehouse and the carriers, for the orders the channel simulator placed: allocated shipments are packed (the
/// carrier service is chosen then), packed ones shipped with a made-up tracking number, and shipped ones scanned in
/// transit and delivered through the carriers' signed tracking events. A few parcels fail a first delivery attempt.
/// </summary>
public sealed class FulfilmentSimulator(StaffClient staff, HttpClient gateway, Func<string, string> carrierSecret, Action<string> log)
{
    private readonly ConcurrentDictionary<Guid, bool> _open = new();
    private readonly ConcurrentQueue<Guid> _delivered = new();
    private readonly Random _random = new();
    private int _packed;
    private int _shipped;
    private int _scanned;

    public void Follow(Guid orderId) => _open.TryAdd(orderId, true);

    /// <summary>The orders seen delivered since the last call, each once (the after-sales simulator picks them up).</summary>
    public List<Guid> TakeDelivered()
    {
        var taken = new List<Guid>();
        while (_delivered.TryDequeue(out var id))
        {
            taken.Add(id);
        }

        return taken;
    }

    public async Task Run(Func<IEnumerable<Guid>> placed, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        var reported = DateTime.UtcNow;
        while (await Tick(timer, stopping))
        {
            foreach (var id in placed())
            {
                Follow(id);
            }

            // A hundred orders a round, a different hundred each time: orders waiting for stock or payment stay in the list.
            foreach (var id in _open.Keys.OrderBy(_ => _random.Next()).Take(100).ToList())
            {
                try
                {
                    await Advance(id, stopping);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    // A refusal or a request that timed out: the order is tried again next round.
                    log($"fulfilment simulator: order {id}: {exception.Message}");
                }
            }

            if (DateTime.UtcNow - reported > TimeSpan.FromSeconds(30))
            {
                log($"warehouse and carriers: {_packed} shipments packed, {_shipped} shipped, {_scanned} carrier scans; {_open.Count} orders still open");
                reported = DateTime.UtcNow;
            }
        }
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task Advance(Guid id, CancellationToken stopping)
    {
        if (await staff.Get($"/api/orders/{id}", stopping) is not JsonObject order)
        {
            return;
        }

        var status = order["status"]!.GetValue<string>();
        if (status is "Delivered" or "Cancelled")
        {
            if (_open.TryRemove(id, out _) && status == "Delivered")
            {
                _delivered.Enqueue(id);
            }

            return;
        }

        foreach (var shipment in order["shipments"]!.AsArray().OfType<JsonObject>())
        {
            var shipmentId = shipment["id"]!.GetValue<Guid>();
            switch (shipment["status"]!.GetValue<string>())
            {
                case "Allocated" when status == "Allocated":
                    await staff.Post($"/api/orders/{id}/shipments/{shipmentId}/pack", new { }, stopping);
                    _packed++;
                    break;
                case "Packed" when shipment["carrierService"] is JsonObject:
                    await staff.Post($"/api/orders/{id}/shipments/{shipmentId}/ship", new { trackingNumber = $"DEMO{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}" }, stopping);
                    _shipped++;
                    break;
                case "Shipped" when shipment["carrier"]?.GetValue<string>() is { } carrier && shipment["trackingNumber"]?.GetValue<string>() is { } number:
                    await Scan(carrier, number, status == "DeliveryFailed" ? "delivered" : _random.NextDouble() < 0.05 ? "failed_attempt" : "delivered", stopping);
                    break;
            }
        }
    }

    private async Task Scan(string carrier, string trackingNumber, string finalStatus, CancellationToken stopping)
    {
        var now = DateTimeOffset.UtcNow;
        var body = JsonSerializer.Serialize(new
        {
            events = new[]
            {
                new { trackingNumber, status = "in_transit", at = now.AddMinutes(-2), location = "Sorting centre" },
                new { trackingNumber, status = finalStatus, at = now, location = "Destination" },
            },
        });
        using var request = SignedRequests.CarrierEvents(carrier, carrierSecret(carrier), body);
        using var response = await gateway.SendAsync(request, stopping);
        if (response.IsSuccessStatusCode)
        {
            _scanned += 2;
        }
    }
}
