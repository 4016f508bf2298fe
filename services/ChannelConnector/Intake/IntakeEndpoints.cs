using OmniRetail.BuildingBlocks.Http;
using OmniRetail.ChannelConnector.Channels;
using OmniRetail.ChannelConnector.Intake.Formats;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.Contracts.Channels;
using OmniRetail.Contracts.Orders;

namespace OmniRetail.ChannelConnector.Intake;

/// <summary>
/// Where channels deliver orders. Each request is authenticated by its HMAC signature over the raw body
/// with the channel's secret (no signature, no effect), read, made durable, and answered 202 with the
/// OmniRetail order id; the order's processing continues asynchronously.
/// </summary>
public static class IntakeEndpoints
{
    /// <param name="TrackingToken">The shopper's tracking token: <c>GET /api/tracking/{trackingToken}</c> answers without sign-in.</param>
    public sealed record AcceptedOrder(Guid OrderId, string Status, bool Duplicate, string TrackingToken);

    private const int MaxBodyBytes = 1024 * 1024;

    public static void MapIntake(this WebApplication app)
    {
        var intake = app.MapGroup("/api/channels/{code}").WithTags("Order intake").AllowAnonymous();
        intake.MapPost("/orders", Generic)
            .WithSummary("OmniRetail's generic order format; header X-Omni-Signature: sha256=<hex HMAC-SHA256 of the body>; Idempotency-Key honoured")
            .WithDescription("Body: {externalId, placedAt, currency, customer: {id?, email, name, phone}, shippingAddress: {name, line1, line2, city, region, postalCode, country}, lines: [{sku, quantity, unitPrice}], payment: {status: paid | pending | cod, amount}}. `customer.id` is the channel's own id for the customer: the Customer service links it to the one customer it finds by e-mail or phone.")
            .Produces<AcceptedOrder>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
        intake.MapPost("/webhooks/shopify", Shopify)
            .WithSummary("Shopify order webhooks (orders/*), signed with X-Shopify-Hmac-Sha256; what changed is read from the signed body (financial_status, cancelled_at), never from the topic")
            .Produces<AcceptedOrder>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
        intake.MapPost("/webhooks/woocommerce", WooCommerce)
            .WithSummary("WooCommerce order webhooks (order.created, order.updated), signed with X-WC-Webhook-Signature; what changed is read from the signed body (status, date_paid)")
            .Produces<AcceptedOrder>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static async Task<IResult> Generic(
        string code, HttpRequest request, ChannelDbContext db, ChannelDirectory channels, IntakeStore store, CancellationToken cancellationToken)
    {
        var (channel, body, refusal) = await Authenticate(code, request, db, channels, [ChannelKinds.Generic, ChannelKinds.Store],
            (secret, raw) => Signatures.IsValidHex(secret, raw, request.Headers["X-Omni-Signature"]), cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var idempotencyKey = request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key ? key : null;
        if (idempotencyKey is { Length: > 128 })
        {
            return InputErrors.Single("Idempotency-Key", "must be at most 128 characters");
        }

        var errors = new InputErrors();
        return GenericOrderFormat.Read(body, errors) is { } order
            ? await Accept(store, channel!, order, "generic", body, idempotencyKey, cancellationToken)
            : errors.ToProblem();
    }

    private static async Task<IResult> Shopify(
        string code, HttpRequest request, ChannelDbContext db, ChannelDirectory channels, IntakeStore store, CancellationToken cancellationToken)
    {
        var (channel, body, refusal) = await Authenticate(code, request, db, channels, [ChannelKinds.Shopify],
            (secret, raw) => Signatures.IsValidBase64(secret, raw, request.Headers["X-Shopify-Hmac-Sha256"]), cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        // The topic only says the webhook is about an order; what happened is read from the signed body, because the
        // headers are not signed and anyone holding one signed body could replay it under another topic.
        var topic = request.Headers["X-Shopify-Topic"].ToString();
        return await Webhook(channel!, body, topic, request.Headers["X-Shopify-Webhook-Id"].ToString(), "shopify", ShopifyOrderFormat.Read, store,
            topic.StartsWith("orders/", StringComparison.Ordinal), cancellationToken);
    }

    private static async Task<IResult> WooCommerce(
        string code, HttpRequest request, ChannelDbContext db, ChannelDirectory channels, IntakeStore store, CancellationToken cancellationToken)
    {
        var (channel, body, refusal) = await Authenticate(code, request, db, channels, [ChannelKinds.WooCommerce],
            (secret, raw) => Signatures.IsValidBase64(secret, raw, request.Headers["X-WC-Webhook-Signature"]), cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var topic = request.Headers["X-WC-Webhook-Topic"].ToString();
        return await Webhook(channel!, body, topic, request.Headers["X-WC-Webhook-Delivery-ID"].ToString(), "woocommerce", WooCommerceOrderFormat.Read, store,
            topic is "order.created" or "order.updated", cancellationToken);
    }

    /// <summary>
    /// Any order webhook: an order we have not seen is taken in, unless the body says it is already cancelled or refunded
    /// (there is nothing to fulfil); for an order we know, the body's payment and cancellation are reported, each once.
    /// </summary>
    private static async Task<IResult> Webhook(
        Channel channel, byte[] body, string topic, string deliveryId, string format, Func<byte[], InputErrors, ChannelOrder?> read,
        IntakeStore store, bool aboutAnOrder, CancellationToken cancellationToken)
    {
        if (!aboutAnOrder)
        {
            return Results.Accepted(value: new { topic, status = "ignored" });
        }

        var errors = new InputErrors();
        if (read(body, errors) is not { } order)
        {
            return errors.ToProblem();
        }

        var known = await store.OrderIdOf(channel.Code, order.ExternalId, cancellationToken);
        if (known is null)
        {
            return order.Cancelled
                ? Results.Accepted(value: new { topic, status = "ignored", reason = $"order {order.ExternalId} is cancelled or refunded at {channel.Name} and was never taken in" })
                : await Accept(store, channel, order, format, body, idempotencyKey: null, cancellationToken);
        }

        // A refund or cancellation supersedes payment: a cancelled order is not paid for again.
        var change = order.Cancelled ? ChannelOrderReport.Cancelled : order.PaymentStatus == PaymentStatus.Paid ? ChannelOrderReport.Paid : null;
        var reported = change is not null && await store.Report(channel, order.ExternalId, known.Value, change, topic, deliveryId, cancellationToken);
        return Results.Accepted(value: new AcceptedOrder(known.Value, reported ? "updated" : "accepted", Duplicate: !reported, store.TrackingToken(known.Value)));
    }

    private static async Task<IResult> Accept(
        IntakeStore store, Channel channel, ChannelOrder order, string format, byte[] body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        try
        {
            var accepted = await store.Accept(channel, order, format, body, idempotencyKey, cancellationToken);
            return Results.Accepted($"/api/orders/{accepted.OrderId}", new AcceptedOrder(accepted.OrderId, "accepted", accepted.Duplicate, store.TrackingToken(accepted.OrderId)));
        }
        catch (IntakeStore.IdempotencyKeyReusedException exception)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: exception.Message,
                extensions: new Dictionary<string, object?> { ["field"] = "Idempotency-Key" });
        }
    }

    internal static async Task<(Channel? Channel, byte[] Body, IResult? Refusal)> Authenticate(
        string code, HttpRequest request, ChannelDbContext db, ChannelDirectory channels, string[] kinds, Func<string, byte[], bool> signatureMatches,
        CancellationToken cancellationToken)
    {
        var known = await channels.Find(db, code, cancellationToken);
        var body = await ReadBody(request, cancellationToken);
        // Unknown channel and bad signature answer alike, so the endpoint does not reveal which channels exist.
        var secret = known is null || body is null ? null : known.Secrets.Cast<(Guid Id, string Value)?>().FirstOrDefault(s => signatureMatches(s!.Value.Value, body));
        if (known is null || !kinds.Contains(known.Channel.Kind) || body is null || secret is null)
        {
            return (null, [], body is null
                ? Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"The body is larger than {MaxBodyBytes} bytes")
                : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Missing or invalid signature",
                    detail: "The request must be signed with the channel's secret (HMAC-SHA256 of the raw body)."));
        }

        if (request.HttpContext.RequestServices.GetRequiredService<ChannelRateLimit>().Admit(known.Channel.Code) is { } tooMany)
        {
            return (null, [], tooMany);
        }

        await channels.Used(db, secret.Value.Id, cancellationToken);
        return (known.Channel, body, null);
    }

    private static async Task<byte[]?> ReadBody(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }
}
