using System.Security.Cryptography;

namespace OmniRetail.ServiceDefaults;

/// <summary>
/// Secrets of a developer's local stack (server passwords, the admin's password and TOTP secret, demo channel secrets),
/// generated on the first run and kept beside the data they protect in .data/secrets (git-ignored), so
/// no secret is ever committed and a second run opens the same databases. run.sh reads the same files.
/// </summary>
public static class LocalSecrets
{
    public static string GetOrCreate(string dataDirectory, string name) =>
        GetOrCreate(dataDirectory, name, () => Convert.ToHexString(RandomNumberGenerator.GetBytes(18)).ToLowerInvariant());

    /// <summary>A TOTP secret: 160 random bits in base32 (RFC 4648), as authenticator apps take them.</summary>
    public static string GetOrCreateBase32(string dataDirectory, string name) => GetOrCreate(dataDirectory, name, () => Base32(RandomNumberGenerator.GetBytes(20)));

    private static string GetOrCreate(string dataDirectory, string name, Func<string> generate)
    {
        var directory = Path.Combine(dataDirectory, "secrets");
        var file = Path.Combine(directory, name);
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var secret = generate();
        File.WriteAllText(file, secret);
        RestrictToOwner(file);
        return secret;
    }

    private static string Base32(byte[] bytes)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var text = new System.Text.StringBuilder();
        for (var bit = 0; bit < bytes.Length * 8; bit += 5)
        {
            var value = 0;
            for (var i = 0; i < 5; i++)
            {
                var at = bit + i;
                value = (value << 1) | (at < bytes.Length * 8 ? (bytes[at / 8] >> (7 - (at % 8))) & 1 : 0);
            }

            text.Append(alphabet[value]);
        }

        return text.ToString();
    }

    public static void RestrictToOwner(string file)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
