using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace OmniRetail.ServiceDefaults.Staff;

public static class StaffAuthenticationExtensions
{
    /// <summary>Staff endpoints accept the gateway's JWTs (see <see cref="StaffPolicies"/>); channel endpoints use signatures instead.</summary>
    public static IHostApplicationBuilder AddStaffAuthentication(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(StaffAuthOptions.Section).Get<StaffAuthOptions>() ?? new StaffAuthOptions();
        // Fail at start, naming the fix, rather than answer every request with 500.
        var signingKey = options.SecurityKey();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = StaffAuthOptions.Issuer,
                    ValidAudience = StaffAuthOptions.Issuer,
                    IssuerSigningKey = signingKey,
                    RoleClaimType = "role",
                    NameClaimType = "sub",
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicies.Operations, policy => policy.RequireRole(StaffRoles.Admin, StaffRoles.Operator))
            .AddPolicy(StaffPolicies.Warehouse, policy => policy.RequireRole(StaffRoles.Admin, StaffRoles.Operator, StaffRoles.Warehouse))
            .AddPolicy(StaffPolicies.Purchasing, policy => policy.RequireRole(StaffRoles.Admin, StaffRoles.Operator, StaffRoles.Buyer))
            .AddPolicy(StaffPolicies.CustomerService, policy => policy.RequireRole(StaffRoles.Admin, StaffRoles.Operator, StaffRoles.Support))
            .AddPolicy(StaffPolicies.Admin, policy => policy.RequireRole(StaffRoles.Admin))
            .AddPolicy(StaffPolicies.Staff, policy => policy.RequireRole(StaffRoles.All));
        return builder;
    }
}
