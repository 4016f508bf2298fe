using System.Text.RegularExpressions;

namespace OmniRetail.TestInfrastructure.Servers;

internal static partial class TestDatabaseNames
{
    /// <summary>A valid, unique PostgreSQL database name derived from a readable hint.</summary>
    public static string From(string hint)
    {
        var readable = Unsafe().Replace(hint.ToLowerInvariant(), "_");
        return $"{readable[..Math.Min(readable.Length, 40)]}_{Guid.NewGuid().ToString("N")[..8]}";
    }

    [GeneratedRegex("[^a-z0-9_]")]
    private static partial Regex Unsafe();
}
