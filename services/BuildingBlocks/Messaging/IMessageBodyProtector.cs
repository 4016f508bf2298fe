namespace OmniRetail.BuildingBlocks.Messaging;

/// <summary>
/// Encrypts message bodies at rest in the outbox: integration events carry customers' names and addresses. The host
/// provides it (OmniRetail's personal-data protector); a failure to read one back makes the message unreadable.
/// </summary>
public interface IMessageBodyProtector
{
    string Protect(string plaintext);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The body was altered or protected with another key.</exception>
    string Unprotect(string protectedValue);
}
