using OmniRetail.Gateway.Health;
using OmniRetail.Gateway.Routing;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceRoutes();
builder.AddClientRateLimiting();
builder.Services.AddHttpClient<ServiceReadinessProbe>();

var app = builder.Build();
app.UseMiddleware<CorrelationIdMiddleware>();
app.UseRateLimiter();
app.MapHealthChecks(Extensions.LivePath);
app.MapGet(Extensions.ReadyPath, ServiceReadinessProbe.Handle);
app.MapReverseProxy();
app.Run();
