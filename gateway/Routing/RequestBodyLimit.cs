namespace OmniRetail.Gateway.Routing;

/// <summary>
/// A body larger than the gateway takes is refused with 413 problem details, whether its length is declared up front or
/// only discovered while it streams (Kestrel then fails the read, which would otherwise surface as a 500).
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next)
{
    public const long MaxBytes = 8 * 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBytes)
        {
            await TooLarge(context);
            return;
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await TooLarge(context);
        }
    }

    private static Task TooLarge(HttpContext context)
    {
        // The rest of the body is not read: tell the client the connection ends here.
        context.Response.Headers.Connection = "close";
        return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"The request body is larger than {MaxBytes / (1024 * 1024)} MiB",
            extensions: new Dictionary<string, object?> { ["field"] = "body", ["maxBytes"] = MaxBytes }).ExecuteAsync(context);
    }
}
