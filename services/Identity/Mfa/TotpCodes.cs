using System.Security.Cryptography;
using System.Text;
using OtpNet;

namespace OmniRetail.Identity.Mfa;

/// <summary>
/// Time-based one-time passwords (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits), as authenticator apps make them.
/// A code of the step before or after the current one is accepted too (a phone's clock a little off), and only a step
/// later than the last one accepted counts: each code works once.
/// </summary>
public static class TotpCodes
{
    public const int StepSeconds = 30;
    public const int Digits = 6;
    public const string IssuerName = "OmniRetail";

    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    public static bool IsSecret(string? base32)
    {
        if (string.IsNullOrWhiteSpace(base32))
        {
            return false;
        }

        try
        {
            return Base32Encoding.ToBytes(base32).Length >= 10;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static string Code(string secret, DateTimeOffset at) => Totp(secret).ComputeTotp(at.UtcDateTime);

    /// <summary>The step the code belongs to, when it is right for <paramref name="at"/> and later than <paramref name="lastAcceptedStep"/>.</summary>
    public static long? Accept(string secret, string? code, DateTimeOffset at, long lastAcceptedStep)
    {
        if (code is not { Length: Digits } || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        return Totp(secret).VerifyTotp(at.UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1)) && step > lastAcceptedStep
            ? step
            : null;
    }

    /// <summary>The <c>otpauth://</c> URI an authenticator app reads from the QR code.</summary>
    public static string Uri(string secret, string username) =>
        new OtpUri(OtpType.Totp, secret, username, IssuerName, OtpHashMode.Sha1, Digits, StepSeconds).ToString();

    private static Totp Totp(string secret) => new(Base32Encoding.ToBytes(secret), StepSeconds, OtpHashMode.Sha1, Digits);
}

/// <summary>Single-use recovery codes: <see cref="Count"/> at confirmation, ten random base32 characters each, kept only as SHA-256 hashes.</summary>
public static class RecoveryCodes
{
    public const int Count = 10;

    public static string New()
    {
        var text = Base32Encoding.ToString(RandomNumberGenerator.GetBytes(7))[..10].ToLowerInvariant();
        return $"{text[..5]}-{text[5..]}";
    }

    /// <summary>The hash a code is stored and found by; dashes, spaces and case do not matter.</summary>
    public static string Hash(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(new string([.. code.Where(char.IsLetterOrDigit)]).ToLowerInvariant())));
}
