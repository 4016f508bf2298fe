using Microsoft.Extensions.Configuration;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OmniRetail.BuildingBlocks.Auditing;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.ServiceDefaults;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.BuildingBlocks;

public static class ServiceHostingExtensions
{
    /// <summary>
    /// The ground every OmniRetail service stands on: telemetry and health (ServiceDefaults), its own
    /// database, the message bus, staff authentication and an OpenAPI document.
    /// </summary>
    public static WebApplicationBuilder AddOmniRetailService<TContext>(
        this WebApplicationBuilder builder, ServiceResource service, Action<IBusRegistrationConfigurator>? configureBus = null)
        where TContext : ServiceDbContext
    {
        builder.AddServiceDefaults();
        builder.Services.AddSingleton(service);
        builder.AddStaffAuthentication();
        builder.AddServiceDatabase<TContext>(service.Database);
        builder.AddServiceMessaging(service.Name, builder.Configuration.GetConnectionString(ResourceNames.RabbitMq)
            ?? throw new InvalidOperationException(
                $"Connection string '{ResourceNames.RabbitMq}' is missing. Start the stack through the AppHost (./run.sh) or set ConnectionStrings__{ResourceNames.RabbitMq}."),
            configureBus);
        // Clients reach services through the gateway, so the document must not advertise the
        // service's own internal address; without servers, tools resolve paths against the gateway.
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Servers = [];
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>Health endpoints and the OpenAPI document at <c>/openapi/v1.json</c>.</summary>
    public static WebApplication MapOmniRetailServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        // Before authorisation, so that a call refused for lack of a role is on the record too.
        app.UseMiddleware<StaffAuditMiddleware>();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        app.MapOpenApi();
        app.MapDeadMessages(app.Services.GetRequiredService<ServiceResource>());
        return app;
    }
}
