using System.Globalization;
using System.Text.Json;
using OmniRetail.BuildingBlocks.Http;

namespace OmniRetail.ChannelConnector.Intake.Formats;

/// <summary>
/// Reads the fields OmniRetail needs out of a channel's JSON, tolerating everything else it carries.
/// Money may arrive as strings or numbers and is read as decimal, never through floating point. Every
/// missing or unreadable field is reported under its JSON path.
/// </summary>
public sealed class PayloadReader(InputErrors errors)
{
    public InputErrors Errors => errors;

    public static JsonElement? Parse(byte[] body, InputErrors errors)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document.RootElement.Clone();
            }

            errors.Add("$", "the body must be a JSON object");
        }
        catch (JsonException exception)
        {
            errors.Add("$", $"the body is not valid JSON: {exception.Message}");
        }

        return null;
    }

    public static JsonElement? Child(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string? Text(JsonElement parent, string name) => Child(parent, name) switch
    {
        { ValueKind: JsonValueKind.String } value => value.GetString() is { Length: > 0 } text ? text.Trim() : null,
        { ValueKind: JsonValueKind.Number } value => value.GetRawText(),
        _ => null,
    };

    public string RequiredText(JsonElement parent, string name, string path, int maxLength = 256)
    {
        var text = Text(parent, name);
        errors.Require(text, path, maxLength);
        return text ?? "";
    }

    public decimal Money(JsonElement parent, string name, string path, bool required = true)
    {
        var value = Child(parent, name);
        if (value is null)
        {
            if (required)
            {
                errors.Add(path, "is required");
            }

            return 0;
        }

        var parsed = value.Value.ValueKind switch
        {
            JsonValueKind.Number when value.Value.TryGetDecimal(out var number) => number,
            JsonValueKind.String when decimal.TryParse(value.Value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => number,
            _ => (decimal?)null,
        };
        if (parsed is not >= 0)
        {
            errors.Add(path, "must be a non-negative decimal amount");
            return 0;
        }

        return parsed.Value;
    }

    public int Quantity(JsonElement parent, string name, string path)
    {
        if (Child(parent, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var quantity) && quantity > 0)
        {
            return quantity;
        }

        errors.Add(path, "must be a positive whole number");
        return 0;
    }

    public DateTimeOffset Timestamp(JsonElement parent, string name, string path, bool assumeUtc = false)
    {
        var text = Text(parent, name);
        var style = assumeUtc ? DateTimeStyles.AssumeUniversal : DateTimeStyles.None;
        if (text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, style, out var timestamp))
        {
            return timestamp;
        }

        errors.Add(path, "must be an ISO 8601 date and time");
        return default;
    }

    public string Currency(JsonElement parent, string name, string path)
    {
        var currency = Text(parent, name);
        if (currency is not { Length: 3 } || !currency.All(char.IsAsciiLetter))
        {
            errors.Add(path, "must be an ISO 4217 code such as EUR");
            return "";
        }

        return currency.ToUpperInvariant();
    }

    public IEnumerable<(JsonElement Item, string Path)> Items(JsonElement parent, string name, string path)
    {
        if (Child(parent, name) is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() == 0)
        {
            errors.Add(path, "must list at least one line");
            return [];
        }

        return array.EnumerateArray().Select((item, index) => (item, $"{path}[{index}]")).ToList();
    }

    public static string? JoinName(string? first, string? last) =>
        string.Join(' ', new[] { first, last }.Where(part => !string.IsNullOrWhiteSpace(part))) is { Length: > 0 } name ? name : null;
}
