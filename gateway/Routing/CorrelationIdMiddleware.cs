namespace OmniRetail.Gateway.Routing;

/// <summary>
/// Every request leaves the gateway with an <c>X-Correlation-Id</c>: the caller's own when it sent
/// one, a new one otherwise. Services log it and the response echoes it, so a caller can quote it.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Correlation-Id";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers[HeaderName].FirstOrDefault() is not { Length: > 0 and <= 128 } correlationId)
        {
            correlationId = Guid.NewGuid().ToString("N");
            headers[HeaderName] = correlationId;
        }

        context.Response.Headers[HeaderName] = correlationId;
        return next(context);
    }
}
