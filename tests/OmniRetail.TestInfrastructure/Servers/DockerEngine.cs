using System.Net.Sockets;

namespace OmniRetail.TestInfrastructure.Servers;

internal static class DockerEngine
{
    /// <summary>
    /// True when a Docker engine answers (containers are the better fixture then). The choice can be
    /// forced with <c>OMNIRETAIL_TEST_SERVERS=containers|binaries</c>.
    /// </summary>
    public static bool IsReachable()
    {
        switch (Environment.GetEnvironmentVariable("OMNIRETAIL_TEST_SERVERS"))
        {
            case "containers": return true;
            case "binaries": return false;
        }

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")))
        {
            return true;
        }

        const string socket = "/var/run/docker.sock";
        if (!File.Exists(socket))
        {
            return false;
        }

        try
        {
            using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            client.Connect(new UnixDomainSocketEndPoint(socket));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
