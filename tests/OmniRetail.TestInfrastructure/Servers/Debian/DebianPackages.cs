namespace OmniRetail.TestInfrastructure.Servers.Debian;

internal static class DebianPackages
{
    public const string InstallCommand = "sudo apt-get install -y postgresql rabbitmq-server redis-server (or run ./test.sh, which installs them)";

    public static void Require(string binary, string what)
    {
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"{what} is not installed ({binary} is missing) and no Docker engine is reachable. Fix: {InstallCommand}");
        }
    }
}
