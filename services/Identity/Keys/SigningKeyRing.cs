using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.Identity.Persistence;
using OmniRetail.Identity.SignIn;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Identity.Keys;

/// <summary>
/// The keys staff tokens are signed with. The newest key signs; a key retired by a rotation stays published (and
/// accepted) until the last token it signed has expired, so a rotation signs nobody out. Every instance reads the
/// keys from the database, at start and every <see cref="ReloadEvery"/>, so all instances sign and verify alike.
/// </summary>
public sealed class SigningKeyRing(IServiceScopeFactory scopes, PersonalDataProtector protector, TimeProvider clock, IOptions<SignInOptions> options,
    ILogger<SigningKeyRing> logger) : BackgroundService, IStaffSigningKeys
{
    public static readonly TimeSpan ReloadEvery = TimeSpan.FromSeconds(30);

    private sealed record LoadedKey(SigningKey Row, ECDsaSecurityKey Key);

    private volatile IReadOnlyList<LoadedKey> _published = [];

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // A key exists before the first request: the web server starts after this returns.
        await Load(createIfNone: true, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.WhenAny(Task.Delay(ReloadEvery, clock, stoppingToken));
            try
            {
                await Load(createIfNone: true, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Could not reload the signing keys; keeping the ones loaded");
            }
        }
    }

    public SigningCredentials Credentials()
    {
        var current = _published.FirstOrDefault(k => k.Row.RetiredAt is null) ?? throw new InvalidOperationException("No signing key is loaded yet.");
        return new SigningCredentials(current.Key, StaffAuthenticationExtensions.Algorithm);
    }

    public IEnumerable<SecurityKey> VerificationKeys() => _published.Select(k => k.Key);

    /// <summary>The public keys as a JSON Web Key Set.</summary>
    public JsonObject KeySet() => StaffKeySet.Of(_published.Select(k => k.Key));

    /// <summary>A new key takes over signing; the previous ones are retired (still published until their tokens expire).</summary>
    public async Task<string> Rotate(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.SigningKeys.Where(k => k.RetiredAt == null).ExecuteUpdateAsync(set => set.SetProperty(k => k.RetiredAt, now), cancellationToken);
        var key = NewKey(now);
        db.SigningKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        await Load(createIfNone: false, cancellationToken);
        return key.Id;
    }

    private async Task Load(bool createIfNone, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        if (createIfNone && !await db.SigningKeys.AnyAsync(k => k.RetiredAt == null, cancellationToken))
        {
            db.SigningKeys.Add(NewKey(now));
            await db.SaveChangesAsync(cancellationToken);
        }

        // Retired keys are kept for as long as a token they signed can live, plus the clock skew services allow.
        var stillValid = now - options.Value.AccessTokenLifetime - TimeSpan.FromMinutes(1);
        var rows = await db.SigningKeys.AsNoTracking().Where(k => k.RetiredAt == null || k.RetiredAt > stillValid)
            .OrderBy(k => k.RetiredAt != null).ThenByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);
        var known = _published.ToDictionary(k => k.Row.Id);
        _published = [.. rows.Select(row => known.TryGetValue(row.Id, out var loaded) && loaded.Row.RetiredAt == row.RetiredAt ? loaded : Open(row))];
    }

    private SigningKey NewKey(DateTime now)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var id = Base64Url.EncodeToString(SHA256.HashData(ecdsa.ExportSubjectPublicKeyInfo()).AsSpan(0, 12));
        return new SigningKey { Id = id, CreatedAt = now, PrivateKey = protector.Protect(Convert.ToBase64String(ecdsa.ExportPkcs8PrivateKey())) };
    }

    private LoadedKey Open(SigningKey row)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Convert.FromBase64String(protector.Unprotect(row.PrivateKey)), out _);
        return new LoadedKey(row, new ECDsaSecurityKey(ecdsa) { KeyId = row.Id });
    }
}
