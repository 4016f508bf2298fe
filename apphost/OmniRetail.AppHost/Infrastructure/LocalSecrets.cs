using System.Security.Cryptography;

namespace OmniRetail.AppHost.Infrastructure;

/// <summary>
/// Server passwords generated on the first run and kept beside the data they protect (git-ignored),
/// so no secret is ever committed and a second run opens the same databases.
/// </summary>
internal static class LocalSecrets
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
