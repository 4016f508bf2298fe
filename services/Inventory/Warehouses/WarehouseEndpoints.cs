using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Inventory.Persistence;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Inventory.Warehouses;

public static class WarehouseEndpoints
{
    public sealed record WarehouseRequest(string? Code, string? Name, string? Country, string? Region);

    public static void MapWarehouses(this WebApplication app)
    {
        var warehouses = app.MapGroup("/api/inventory/warehouses").WithTags("Warehouses");
        warehouses.MapPost("/", Register).RequireAuthorization(StaffPolicies.Operations).ProducesValidationProblem();
        warehouses.MapGet("/", async (InventoryDbContext db, StaffScope scope) =>
                (await db.Warehouses.AsNoTracking().OrderBy(w => w.Code).ToListAsync()).Where(w => scope.SeesWarehouse(w.Code)).ToList())
            .RequireAuthorization(StaffPolicies.Staff);
    }

    private static async Task<IResult> Register(WarehouseRequest request, InventoryDbContext db, TransactionalOutbox outbox, StaffScope scope)
    {
        if (!scope.SeesWarehouse(request.Code?.Trim()))
        {
            return StaffScope.NotFound();
        }

        var errors = new InputErrors().Require(request.Code, "code", 32).Require(request.Name, "name", 200).Require(request.Region, "region", 64);
        if (request.Country is not { Length: 2 } || !request.Country.All(char.IsAsciiLetter))
        {
            errors.Add("country", "must be an ISO 3166-1 alpha-2 code such as DE");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var code = request.Code!.Trim().ToUpperInvariant();
        var warehouse = await db.Warehouses.FindAsync(code);
        var created = warehouse is null;
        warehouse ??= db.Warehouses.Add(new Warehouse { Code = code, Name = "", Country = "", Region = "" }).Entity;
        warehouse.Name = request.Name!.Trim();
        warehouse.Country = request.Country!.ToUpperInvariant();
        warehouse.Region = request.Region!.Trim();
        outbox.Publish(new WarehouseRegistered { Code = code, Name = warehouse.Name, Country = warehouse.Country });
        await db.SaveChangesAsync();
        return created ? Results.Created($"/api/inventory/warehouses/{code}", warehouse) : Results.Ok(warehouse);
    }
}
