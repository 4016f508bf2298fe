using Microsoft.Extensions.DependencyInjection.Extensions;
using OmniRetail.Gateway.Health;
using OmniRetail.Gateway.Routing;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceRoutes();
builder.AddClientRateLimiting();
builder.Services.AddHttpClient<ServiceReadinessProbe>();
builder.Services.AddProblemDetails();
builder.Services.TryAddSingleton(TimeProvider.System);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.MaxBytes);

var app = builder.Build();
app.UseMiddleware<CorrelationIdMiddleware>();
app.UseMiddleware<RequestBodyLimit>();
app.UseStatusCodePages();
app.UseRateLimiter();
app.MapHealthChecks(Extensions.LivePath);
app.MapGet(Extensions.ReadyPath, ServiceReadinessProbe.Handle);
app.MapReverseProxy();
app.Run();
