using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace OmniRetail.BuildingBlocks.Http;

/// <summary>
/// Keyset paging for lists that grow without bound: <c>limit</c> (1 to <see cref="MaxLimit"/>, default
/// <see cref="DefaultLimit"/>) and an opaque <c>cursor</c> that continues after the last item of the previous page.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

    public static int Size(int? limit) => limit ?? DefaultLimit;

    /// <summary>Checks <paramref name="limit"/> and decodes <paramref name="cursor"/> into the key to continue after (null: from the start).</summary>
    public static IResult? Read(int? limit, string? cursor, out string? after)
    {
        after = null;
        var errors = new InputErrors();
        if (limit is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"must be between 1 and {MaxLimit}");
        }

        if (!string.IsNullOrEmpty(cursor))
        {
            try
            {
                after = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            }
            catch (FormatException)
            {
                errors.Add("cursor", "is not a cursor this list handed out");
            }
        }

        return errors.Any ? errors.ToProblem() : null;
    }

    /// <summary>
    /// <see cref="Read(int?, string?, out string?)"/> for lists keyed by a growing number; <paramref name="after"/> is 0 from the start.
    /// </summary>
    public static IResult? Read(int? limit, string? cursor, out long after)
    {
        var refusal = Read(limit, cursor, out string? key);
        after = 0;
        if (refusal is null && key is not null && !long.TryParse(key, out after))
        {
            return InputErrors.Single("cursor", "is not a cursor this list handed out");
        }

        return refusal;
    }

    /// <summary>
    /// A page from rows read with one more than <paramref name="size"/>: the extra row only tells that another page exists.
    /// </summary>
    public static Page<TView> PageOf<TRow, TView>(IReadOnlyList<TRow> rows, int size, Func<TRow, TView> view, Func<TRow, object> key)
    {
        var items = rows.Take(size).ToList();
        var next = rows.Count > size ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Convert.ToString(key(items[^1]), System.Globalization.CultureInfo.InvariantCulture)!)) : null;
        return new Page<TView>(items.Select(view).ToList(), next);
    }
}
