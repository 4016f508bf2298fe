namespace OmniRetail.Contracts;

/// <summary>
/// A service consumes this message and must get every one, even those published before its queue was first bound (a
/// service still starting, or down): the outbox publishes it mandatory and keeps it until a queue takes it. Messages
/// without it that nobody consumes yet are published and dropped by the broker, as events nobody listens to should be.
/// Put it on a message when its first consumer is added. The messaging library recognises it by name.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresSubscriberAttribute : Attribute;
