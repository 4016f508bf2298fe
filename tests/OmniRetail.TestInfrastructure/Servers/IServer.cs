namespace OmniRetail.TestInfrastructure.Servers;

/// <summary>A running server a test can connect to, stopped and cleaned up on dispose.</summary>
public interface IServer : IAsyncDisposable
{
    string ConnectionString { get; }
}
