[assembly: AssemblyFixture(typeof(OmniRetail.TestInfrastructure.TestServers))]
