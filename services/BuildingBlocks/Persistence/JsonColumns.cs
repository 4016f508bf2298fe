using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OmniRetail.BuildingBlocks.Persistence;

public static class JsonColumns
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>
    /// A typed property stored as one <c>jsonb</c> document (camelCase, as the API writes it). EF reads and writes it, and
    /// notices a change to it by comparing documents, so code works with the typed value and never with its text.
    /// <paramref name="afterRead"/> can bring documents written by an older version up to date as they are read.
    /// </summary>
    public static PropertyBuilder<T> IsJsonDocument<T>(this PropertyBuilder<T> property, Func<T, T>? afterRead = null)
    {
        var upgrade = afterRead ?? (value => value);
        return property
            .HasConversion(
                value => JsonSerializer.Serialize(value, Json),
                text => upgrade(JsonSerializer.Deserialize<T>(text, Json)!),
                new ValueComparer<T>(
                    (left, right) => JsonSerializer.Serialize(left, Json) == JsonSerializer.Serialize(right, Json),
                    value => JsonSerializer.Serialize(value, Json).GetHashCode(),
                    value => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, Json), Json)!))
            .HasColumnType("jsonb");
    }
}
