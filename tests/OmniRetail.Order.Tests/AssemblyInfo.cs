[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
[assembly: AssemblyFixture(typeof(OmniRetail.TestInfrastructure.TestServers))]
