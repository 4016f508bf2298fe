namespace OmniRetail.Demo.Simulation;

public sealed record Customer(string FirstName, string LastName, string Phone, string Line1, string City, string Region, string PostalCode, string Country)
{
    public string Name => $"{FirstName} {LastName}";

    public string Email => $"{FirstName}.{LastName}@example.com".ToLowerInvariant();
}

/// <summary>Fictitious customers (example.com addresses) in the demo's two markets.</summary>
public static class Customers
{
    public static readonly IReadOnlyList<Customer> Europe =
    [
        new("Erika", "Mustermann", "+49 30 1234567", "Unter den Linden 1", "Berlin", "BE", "10117", "DE"),
        new("Jonas", "Becker", "+49 89 7654321", "Leopoldstraße 52", "München", "BY", "80802", "DE"),
        new("Sanne", "de Vries", "+31 20 5550101", "Prinsengracht 263", "Amsterdam", "NH", "1016 GV", "NL"),
        new("Lucas", "Janssen", "+31 10 5550123", "Witte de Withstraat 14", "Rotterdam", "ZH", "3012 BP", "NL"),
        new("Camille", "Martin", "+33 1 55 55 01 02", "12 rue de Rivoli", "Paris", "IDF", "75004", "FR"),
        new("Lena", "Huber", "+43 1 5550199", "Mariahilfer Straße 77", "Wien", "W", "1060", "AT"),
    ];

    public static readonly IReadOnlyList<Customer> UnitedStates =
    [
        new("Jane", "Cooper", "+1 212 555 0134", "350 5th Ave", "New York", "NY", "10118", "US"),
        new("Marcus", "Lee", "+1 617 555 0177", "100 Cambridge St", "Boston", "MA", "02114", "US"),
        new("Ana", "Ramirez", "+1 215 555 0150", "1500 Market St", "Philadelphia", "PA", "19102", "US"),
        new("Tom", "Walsh", "+1 973 555 0112", "1 Riverfront Plaza", "Newark", "NJ", "07102", "US"),
    ];

    public static IReadOnlyList<Customer> In(string market) => market == "US" ? UnitedStates : Europe;
}
