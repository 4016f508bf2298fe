namespace OmniRetail.Identity.Staff;

/// <summary>
/// What a staff password must be: <see cref="MinLength"/> to <see cref="MaxLength"/> characters, at least
/// <see cref="MinDistinct"/> different characters, not the user name, and not a common password: neither itself nor
/// what is left once digits and symbols around it are cut off ("Summer2026!!" is "summer") may be in the shipped list.
/// </summary>
public sealed class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 128;
    public const int MinDistinct = 5;

    private readonly HashSet<string> _common;

    public PasswordPolicy(IEnumerable<string> commonPasswords) => _common = new HashSet<string>(commonPasswords, StringComparer.Ordinal);

    public static PasswordPolicy Shipped { get; } = new(ReadShippedList());

    /// <summary>Why the password is refused, or null when it is good.</summary>
    public string? Problem(string? password, string username)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "is required";
        }

        if (password.Length < MinLength)
        {
            return $"must be at least {MinLength} characters";
        }

        if (password.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters";
        }

        if (password.Distinct().Count() < MinDistinct)
        {
            return $"must have at least {MinDistinct} different characters";
        }

        var lower = password.ToLowerInvariant();
        if (username.Length > 0 && lower.Contains(username.ToLowerInvariant(), StringComparison.Ordinal))
        {
            return "must not contain the user name";
        }

        var core = lower.Trim(Padding);
        return _common.Contains(lower) || (core.Length > 0 && _common.Contains(core)) ? "is a common password; choose another" : null;
    }

    private static readonly char[] Padding = [.. "0123456789!@#$%^&*()-_=+[]{};:'\",.<>/?\\|`~ "];

    private static IEnumerable<string> ReadShippedList()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("CommonPasswords.txt")
            ?? throw new InvalidOperationException("The common password list is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        var list = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                list.Add(line);
            }
        }

        return list;
    }
}
