using Microsoft.AspNetCore.Http;

namespace OmniRetail.BuildingBlocks.Http;

/// <summary>
/// Collects what is wrong with a request, field by field (JSON paths such as <c>lines[2].quantity</c>),
/// and answers with RFC 7807 validation problem details naming each one.
/// </summary>
public sealed class InputErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    /// <summary>The fields named so far.</summary>
    public IReadOnlyCollection<string> Fields => _errors.Keys;

    public InputErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    public InputErrors Require(string? value, string field, int maxLength = 256)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required");
        }
        else if (value.Length > maxLength)
        {
            Add(field, $"must be at most {maxLength} characters");
        }

        return this;
    }

    /// <summary>The errors in one line of text, for a message that answers a request made by another service.</summary>
    public string Describe() => string.Join("; ", _errors.Select(error => $"{error.Key} {string.Join(", ", error.Value)}"));

    public IResult ToProblem() =>
        Results.ValidationProblem(_errors.ToDictionary(error => error.Key, error => error.Value.ToArray()));

    /// <summary>The request is well formed but the current state refuses it: 409 with these fields.</summary>
    public IResult ToConflict(string title) =>
        Results.ValidationProblem(_errors.ToDictionary(error => error.Key, error => error.Value.ToArray()), title: title, statusCode: StatusCodes.Status409Conflict);

    public static IResult Single(string field, string message) => new InputErrors().Add(field, message).ToProblem();

    /// <summary>The request is well formed but the current state refuses it (409), naming the field that would break it.</summary>
    public static IResult Conflict(string field, string message, string title = "Refused in the current state") =>
        new InputErrors().Add(field, message).ToConflict(title);
}
