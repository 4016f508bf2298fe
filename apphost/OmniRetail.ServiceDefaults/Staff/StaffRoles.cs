namespace OmniRetail.ServiceDefaults.Staff;

public static class StaffRoles
{
    public const string Admin = "admin";
    public const string Operator = "operator";
    public const string Warehouse = "warehouse";
    public const string Buyer = "buyer";
    public const string Support = "support";

    public static readonly IReadOnlyList<string> All = [Admin, Operator, Warehouse, Buyer, Support];
}

/// <summary>What staff endpoints require; each names the roles allowed, admin always among them.</summary>
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

    /// <summary>What only an administrator may do, such as erasing a customer.</summary>
    public const string Admin = "admin";

    /// <summary>Anyone signed in as staff, for reading.</summary>
    public const string Staff = "staff";
}
