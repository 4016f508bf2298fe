namespace OmniRetail.ServiceDefaults.Staff;

public static class StaffRoles
{
    public const string Admin = "admin";
    public const string Operator = "operator";
    public const string Warehouse = "warehouse";
    public const string Buyer = "buyer";
    public const string Analyst = "analyst";
    public const string Support = "support";

    public static readonly IReadOnlyList<string> All = [Admin, Operator, Warehouse, Buyer, Analyst, Support];
}

/// <summary>
/// What staff endpoints require. Each endpoint names one of these (<c>RequireAuthorization(StaffPolicies.X)</c>) or is
/// public by declaration (<c>AllowAnonymous</c>, then signed or token-guarded); a service with an endpoint that does
/// neither refuses to start (<see cref="EndpointPermissionCheck"/>). Which role holds which is <see cref="StaffPermissions.ByRole"/>.
/// </summary>
public static class StaffPolicies
{
    /// <summary>Registering channels and products, releasing and cancelling orders, stock corrections.</summary>
    public const string Operations = "operations";

    /// <summary>Picking, packing and shipping; receiving stock.</summary>
    public const string Warehouse = "warehouse";

    /// <summary>Suppliers, purchase orders, replenishment settings and runs.</summary>
    public const string Purchasing = "purchasing";

    /// <summary>Customers' personal data, tickets, returns, surveys and loyalty: support agents and operators.</summary>
    public const string CustomerService = "customer-service";

    /// <summary>KPIs, reports, recommendations, clusters and promotion effects.</summary>
    public const string Analytics = "analytics";

    /// <summary>What only an administrator may do: staff accounts, the audit trail, erasing a customer, rotating keys.</summary>
    public const string Admin = "admin";

    /// <summary>Anyone signed in as staff, for reading.</summary>
    public const string Staff = "staff";

    /// <summary>Any signed-in user, even one whose token only lets them enrol a second factor (their own account's endpoints).</summary>
    public const string SignedIn = "signed-in";

    /// <summary>The permissions a role grants (the table <see cref="StaffPermissions.ByRole"/>); <see cref="SignedIn"/> needs no role.</summary>
    public static readonly IReadOnlyList<string> All = [Operations, Warehouse, Purchasing, CustomerService, Analytics, Admin, Staff];
}

/// <summary>The one table of who may do what: each role and the permissions (<see cref="StaffPolicies"/>) it holds.</summary>
public static class StaffPermissions
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> ByRole = new Dictionary<string, IReadOnlyList<string>>
    {
        [StaffRoles.Admin] = StaffPolicies.All,
        [StaffRoles.Operator] =
        [
            StaffPolicies.Operations, StaffPolicies.Warehouse, StaffPolicies.Purchasing, StaffPolicies.CustomerService,
            StaffPolicies.Analytics, StaffPolicies.Staff,
        ],
        [StaffRoles.Warehouse] = [StaffPolicies.Warehouse, StaffPolicies.Staff],
        [StaffRoles.Buyer] = [StaffPolicies.Purchasing, StaffPolicies.Staff],
        [StaffRoles.Analyst] = [StaffPolicies.Analytics, StaffPolicies.Staff],
        [StaffRoles.Support] = [StaffPolicies.CustomerService, StaffPolicies.Staff],
    };

    /// <summary>The roles that hold a permission.</summary>
    public static string[] RolesWith(string permission) => [.. ByRole.Where(role => role.Value.Contains(permission)).Select(role => role.Key)];
}
