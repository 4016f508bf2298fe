using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace OmniRetail.ServiceDefaults.Staff;

/// <summary>Where the issuer itself finds its keys, rather than fetching its own key set over HTTP.</summary>
public interface IStaffSigningKeys
{
    IEnumerable<SecurityKey> VerificationKeys();
}

public static class StaffAuthenticationExtensions
{
    /// <summary>The only algorithm a staff token may use: a token signed any other way (<c>alg: none</c>, an HMAC made with the public key) is refused.</summary>
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;

    /// <summary>How far a service's clock may be from the issuer's.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Staff endpoints accept the Identity service's ES256 tokens (see <see cref="StaffPolicies"/>); channel endpoints use
    /// signatures instead. The public keys come from <see cref="IStaffSigningKeys"/> (the issuer), <c>Auth:SigningKeys</c>
    /// or <c>Auth:JwksUrl</c>, in that order.
    /// </summary>
    public static IHostApplicationBuilder AddStaffAuthentication(this IHostApplicationBuilder builder)
    {
        builder.AddStaffTokenValidation();
        var authorization = builder.Services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicies.SignedIn, policy => policy.RequireAuthenticatedUser());
        foreach (var permission in StaffPolicies.All)
        {
            authorization.AddPolicy(permission, policy => policy.RequireRole(StaffPermissions.RolesWith(permission)));
        }

        builder.Services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, EndpointPermissionCheck>();
        return builder;
    }

    /// <summary>Reads staff tokens into the request's user, refusing none by itself: what the gateway needs to tell callers apart.</summary>
    public static IHostApplicationBuilder AddStaffTokenValidation(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(StaffAuthOptions.Section).Get<StaffAuthOptions>() ?? new StaffAuthOptions();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IServiceProvider>((jwt, services) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = StaffAuthOptions.Issuer,
                    ValidAudience = StaffAuthOptions.Issuer,
                    ValidAlgorithms = [Algorithm],
                    RoleClaimType = StaffClaims.Role,
                    NameClaimType = StaffClaims.Subject,
                    ClockSkew = ClockSkew,
                };
                // The service's own clock (a test's, where one is set), the same the issuer stamped the token with.
                var clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
                jwt.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) =>
                {
                    var now = clock.GetUtcNow().UtcDateTime;
                    return expires is { } until && until > now - ClockSkew && (notBefore is not { } from || from <= now + ClockSkew);
                };
                if (services.GetService<IStaffSigningKeys>() is { } issuer)
                {
                    jwt.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, _, _) => issuer.VerificationKeys();
                }
                else if (options.SigningKeys is { Length: > 0 } inline)
                {
                    jwt.TokenValidationParameters.IssuerSigningKeys = new JsonWebKeySet(inline).GetSigningKeys();
                }
                else if (options.JwksUrl is { Length: > 0 } url)
                {
                    var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(StaffAuthOptions.JwksUrl));
                    var documents = new HttpDocumentRetriever(http) { RequireHttps = false };
                    var fresh = new FreshKeySet(url, documents);
                    jwt.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(url, new KeySetRetriever(), documents)
                    {
                        // Keys are fetched on the first token and again for a key id not seen yet (a rotation): a service that
                        // started before the Identity service tries again within seconds rather than minutes.
                        AutomaticRefreshInterval = TimeSpan.FromMinutes(5),
                        RefreshInterval = TimeSpan.FromSeconds(2),
                    };
                    jwt.Events = new JwtBearerEvents { OnAuthenticationFailed = context => RetryWithFreshKeys(context, fresh) };
                }
            })
            // Fail at start, naming the fix, rather than answer every request with 401.
            .Validate(jwt => jwt.ConfigurationManager is not null || jwt.TokenValidationParameters.IssuerSigningKeyResolver is not null
                    || jwt.TokenValidationParameters.IssuerSigningKeys?.Any() == true,
                "Staff tokens cannot be checked: set Auth:JwksUrl (the Identity service's /.well-known/jwks.json) or Auth:SigningKeys. Start the stack through ./run.sh.")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// A token naming a key not seen yet was signed after a rotation: the keys are fetched now and the token checked
    /// once more, so the first requests after a rotation do not fail while the service's copy of the keys catches up.
    /// </summary>
    private static async Task RetryWithFreshKeys(AuthenticationFailedContext context, FreshKeySet fresh)
    {
        if (context.Exception is not (SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException)
            || context.Request.Headers.Authorization.ToString() is not { } header || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || await fresh.Keys(context.HttpContext.RequestAborted) is not { } keys)
        {
            return;
        }

        var parameters = context.Options.TokenValidationParameters.Clone();
        parameters.IssuerSigningKeys = keys;
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(header["Bearer ".Length..].Trim(), parameters);
        if (result.IsValid)
        {
            context.Principal = new System.Security.Claims.ClaimsPrincipal(result.ClaimsIdentity);
            context.Success();
        }
    }

    /// <summary>
    /// The key set fetched now rather than from the configuration manager's copy (which refreshes in the background and
    /// answers the old keys meanwhile); at most every <see cref="Every"/>, so forged key ids cannot make a service hammer the issuer.
    /// </summary>
    private sealed class FreshKeySet(string url, IDocumentRetriever documents)
    {
        private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
        private readonly SemaphoreSlim _gate = new(1, 1);
        private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;
        private ICollection<SecurityKey>? _keys;

        public async Task<ICollection<SecurityKey>?> Keys(CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (DateTimeOffset.UtcNow - _fetchedAt >= Every)
                {
                    _fetchedAt = DateTimeOffset.UtcNow;
                    _keys = (await new KeySetRetriever().GetConfigurationAsync(url, documents, cancellationToken)).SigningKeys;
                }

                return _keys;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return _keys;
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>Reads a bare key set (<c>jwks.json</c>) as the signing keys of a configuration whose issuer is OmniRetail's.</summary>
    private sealed class KeySetRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var keySet = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel));
            var configuration = new OpenIdConnectConfiguration { Issuer = StaffAuthOptions.Issuer, JsonWebKeySet = keySet, JwksUri = address };
            foreach (var key in keySet.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }

            return configuration;
        }
    }
}
