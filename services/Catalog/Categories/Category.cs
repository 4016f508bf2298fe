namespace OmniRetail.Catalog.Categories;

/// <summary>A node of the category tree; a root has no parent.</summary>
public sealed class Category
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    public string? ParentCode { get; set; }
}

/// <summary>The whole tree, read once: ancestors and descendants of any node.</summary>
public sealed class CategoryTree(IReadOnlyCollection<Category> categories)
{
    private readonly Dictionary<string, Category> _byCode = categories.ToDictionary(c => c.Code);
    private readonly ILookup<string, Category> _children = categories.Where(c => c.ParentCode is not null).ToLookup(c => c.ParentCode!);

    public IEnumerable<Category> All => _byCode.Values;

    public bool Contains(string code) => _byCode.ContainsKey(code);

    /// <summary>The node and every node above it, nearest first.</summary>
    public IEnumerable<string> SelfAndAncestors(string code)
    {
        var seen = new HashSet<string>();
        for (var current = code; current is not null && _byCode.TryGetValue(current, out var node) && seen.Add(current); current = node.ParentCode)
        {
            yield return current;
        }
    }

    /// <summary>The node and every node below it.</summary>
    public IReadOnlySet<string> SelfAndDescendants(string code)
    {
        var found = new HashSet<string>();
        var queue = new Queue<string>([code]);
        while (queue.TryDequeue(out var next))
        {
            if (found.Add(next))
            {
                foreach (var child in _children[next])
                {
                    queue.Enqueue(child.Code);
                }
            }
        }

        return found;
    }

    /// <summary>Every category a product filed under <paramref name="codes"/> belongs to, its own and all above them.</summary>
    public IReadOnlySet<string> Closure(IEnumerable<string> codes) => codes.SelectMany(SelfAndAncestors).ToHashSet();
}
