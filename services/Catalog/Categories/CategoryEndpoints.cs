using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.Catalog.Caching;
using OmniRetail.Catalog.Persistence;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Catalog.Categories;

public static partial class CategoryEndpoints
{
    public sealed record CategoryRequest(string? Code, string? Name, string? Parent);

    public sealed record CategoryResponse(string Code, string Name, string? Parent, IReadOnlyList<string> Path);

    public static void MapCategories(this WebApplication app)
    {
        var categories = app.MapGroup("/api/catalog/categories").WithTags("Categories");
        categories.MapPost("/", Save).RequireAuthorization(StaffPolicies.Operations)
            .WithSummary("Adds a category to the tree under parent (none: a root), or renames or moves it when the code exists; a category cannot move under itself or one of its own")
            .ProducesValidationProblem();
        categories.MapGet("/", async (CatalogCache cache, CancellationToken ct) =>
            {
                var tree = await cache.Categories(ct);
                return (await AllOf(cache, ct)).Select(c => View(c, tree));
            })
            .RequireAuthorization(StaffPolicies.Staff)
            .WithSummary("Every category with its path from the root");
    }

    private static async Task<List<Category>> AllOf(CatalogCache cache, CancellationToken cancellationToken)
    {
        var tree = await cache.Categories(cancellationToken);
        return [.. tree.All.OrderBy(c => string.Join("/", tree.SelfAndAncestors(c.Code).Reverse()), StringComparer.Ordinal)];
    }

    private static async Task<IResult> Save(CategoryRequest request, CatalogDbContext db, CatalogCache cache, CancellationToken cancellationToken)
    {
        var errors = new InputErrors().Require(request.Code, "code", 64).Require(request.Name, "name", 200);
        if (request.Code is { Length: > 0 } given && !CodePattern().IsMatch(given))
        {
            errors.Add("code", "may contain only letters, digits, '-' and '_'");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var code = request.Code!.ToUpperInvariant();
        var parent = request.Parent is { Length: > 0 } p ? p.ToUpperInvariant() : null;
        var tree = new CategoryTree(await db.Categories.AsNoTracking().ToListAsync(cancellationToken));
        if (parent is not null && !tree.Contains(parent))
        {
            return InputErrors.Single("parent", $"no category '{request.Parent}'");
        }

        if (parent is not null && tree.SelfAndDescendants(code).Contains(parent))
        {
            return InputErrors.Single("parent", $"'{request.Parent}' is '{code}' itself or below it: the tree would have a loop");
        }

        var category = await db.Categories.FindAsync([code], cancellationToken);
        var created = category is null;
        category ??= db.Categories.Add(new Category { Code = code, Name = "" }).Entity;
        category.Name = request.Name!.Trim();
        category.ParentCode = parent;
        await db.SaveChangesAsync(cancellationToken);
        await cache.ForgetCategories();
        var view = View(category, await cache.Categories(cancellationToken));
        return created ? Results.Created($"/api/catalog/categories/{code}", view) : Results.Ok(view);
    }

    private static CategoryResponse View(Category category, CategoryTree tree) =>
        new(category.Code, category.Name, category.ParentCode, [.. tree.SelfAndAncestors(category.Code).Reverse()]);

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex CodePattern();
}
