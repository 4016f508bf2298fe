using System.Net;
using System.Net.Http.Json;
using OmniRetail.Demo.Gateway;

namespace OmniRetail.Demo.Seeding;

public sealed record DemoStaffMember(string Username, string DisplayName, string[] Roles, string[] Channels, string[] Warehouses);

/// <summary>
/// A member of staff for each role, as an admin would take them on: created with an initial password, then each sets
/// their own (kept in .data/secrets/staff-{username}-password, so a developer can sign in as them). The warehouse
/// worker is limited to the Berlin warehouse, the support agent to the online channels. Seeding again changes nothing.
/// </summary>
public sealed class DemoStaff(StaffClient admin, HttpClient anonymous, Func<string, string> password, Action<string> log)
{
    public static readonly IReadOnlyList<DemoStaffMember> Members =
    [
        new("olga.operator", "Olga Operator", ["operator"], [], []),
        new("wim.warehouse", "Wim Warehouse", ["warehouse"], [], ["BER"]),
        new("bea.buyer", "Bea Buyer", ["buyer"], [], []),
        new("ana.analyst", "Ana Analyst", ["analyst"], [], []),
        new("sven.support", "Sven Support", ["support"], ["shopify-eu", "woo-us", "webshop", "mobile-app"], []),
    ];

    public static string SecretName(DemoStaffMember member) => $"staff-{member.Username}-password";

    public async Task Seed(CancellationToken cancellationToken)
    {
        var created = 0;
        foreach (var member in Members)
        {
            var initial = $"Initial-{Guid.NewGuid():N}";
            using var response = await admin.Http.PostAsJsonAsync("/api/staff/users", new
            {
                member.Username, member.DisplayName, initialPassword = initial, member.Roles, member.Channels, member.Warehouses,
            }, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                continue;
            }

            response.EnsureSuccessStatusCode();
            using var changed = await anonymous.PostAsJsonAsync("/api/auth/password",
                new { member.Username, currentPassword = initial, newPassword = password(SecretName(member)) }, cancellationToken);
            changed.EnsureSuccessStatusCode();
            created++;
        }

        log($"{Members.Count} staff accounts ({created} new): {string.Join(", ", Members.Select(m => $"{m.Username} ({string.Join('+', m.Roles)})"))}");
    }
}
