using Microsoft.Extensions.DependencyInjection.Extensions;
using OmniRetail.Gateway.Health;
using OmniRetail.Gateway.Routing;
using OmniRetail.ServiceDefaults;
using OmniRetail.ServiceDefaults.Staff;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceRoutes();
builder.AddClientRateLimiting();
// Staff tokens are read (not required: the services decide) so that rate limits count per user.
builder.AddStaffTokenValidation();
// Browsers may call the API from the configured origins only (Gateway:Cors:AllowedOrigins); none by default.
var allowedOrigins = builder.Configuration.GetSection("Gateway:Cors:AllowedOrigins").Get<string[]>() ?? [];
builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy.WithOrigins(allowedOrigins).AllowAnyHeader().AllowAnyMethod()
    .WithExposedHeaders(CorrelationIdMiddleware.HeaderName, "Retry-After")));
builder.Services.AddHttpClient<ServiceReadinessProbe>();
builder.Services.AddProblemDetails();
builder.Services.TryAddSingleton(TimeProvider.System);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.MaxBytes);

var app = builder.Build();
app.UseMiddleware<SecurityHeaders>();
app.UseMiddleware<CorrelationIdMiddleware>();
app.UseMiddleware<RequestBodyLimit>();
app.UseStatusCodePages();
app.UseCors();
app.UseAuthentication();
app.UseRateLimiter();
app.MapHealthChecks(Extensions.LivePath);
app.MapGet(Extensions.ReadyPath, ServiceReadinessProbe.Handle);
app.MapReverseProxy();
app.Run();
