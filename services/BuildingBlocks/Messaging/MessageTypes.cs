namespace OmniRetail.BuildingBlocks.Messaging;

/// <summary>Type names stored with messages: full name and assembly, without the version, so a redeploy can still read them.</summary>
public static class MessageTypes
{
    public static string NameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static Type Resolve(string name) =>
        Type.GetType(name, throwOnError: false) ?? throw new UnreadableMessageException($"Message type '{name}' is not known to this service.");
}

/// <summary>A stored message that can never be delivered as it is (unknown type, corrupt body).</summary>
public sealed class UnreadableMessageException(string message, Exception? inner = null) : Exception(message, inner);
