using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace OmniRetail.ServiceDefaults.Staff;

/// <summary>
/// Configuration section <c>Auth</c>. The signing key and passwords come from the environment
/// (the AppHost generates them per machine); nothing secret is in the repository.
/// </summary>
public sealed class StaffAuthOptions
{
    public const string Section = "Auth";
    public const string Issuer = "omniretail";
    public const string AdminUsername = "admin";

    /// <summary>HMAC-SHA256 key for staff tokens, at least 32 characters.</summary>
    public string? SigningKey { get; set; }

    public string? AdminPassword { get; set; }

    /// <summary>Further staff accounts: user name → password and role.</summary>
    public Dictionary<string, StaffAccount> Users { get; set; } = [];

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    public SymmetricSecurityKey SecurityKey()
    {
        if (SigningKey is not { Length: >= 32 })
        {
            throw new InvalidOperationException(
                "Auth:SigningKey is missing or shorter than 32 characters. Start the stack through ./run.sh, or set Auth__SigningKey in the environment.");
        }

        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey));
    }
}

public sealed class StaffAccount
{
    public string Password { get; set; } = "";

    public string Role { get; set; } = StaffRoles.Operator;
}
