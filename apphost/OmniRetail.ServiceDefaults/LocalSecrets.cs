using System.Security.Cryptography;

namespace OmniRetail.ServiceDefaults;

/// <summary>
/// Secrets of a developer's local stack (server passwords, the token signing key, demo channel secrets),
/// generated on the first run and kept beside the data they protect in .data/secrets (git-ignored), so
/// no secret is ever committed and a second run opens the same databases. run.sh reads the same files.
/// </summary>
public static class LocalSecrets
{
    public static string GetOrCreate(string dataDirectory, string name)
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

        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(18)).ToLowerInvariant();
        File.WriteAllText(file, secret);
        RestrictToOwner(file);
        return secret;
    }

    public static void RestrictToOwner(string file)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
