namespace OmniRetail.ServiceDefaults.Staff;

/// <summary>The claims of a staff access token, as the Identity service issues them and every service reads them.</summary>
public static class StaffClaims
{
    public const string Subject = "sub";
    public const string Name = "name";

    /// <summary>One claim per role.</summary>
    public const string Role = "role";

    /// <summary>One claim per channel code the user is limited to; none means every channel.</summary>
    public const string Channel = "channel";

    /// <summary>One claim per warehouse code the user is limited to; none means every warehouse.</summary>
    public const string Warehouse = "warehouse";

    /// <summary>
    /// Set on the token of an admin who has not enrolled a second factor yet: it carries no role, so it opens nothing but
    /// the user's own multi-factor enrolment.
    /// </summary>
    public const string MfaEnrolmentOnly = "mfa_enrolment_only";
}
