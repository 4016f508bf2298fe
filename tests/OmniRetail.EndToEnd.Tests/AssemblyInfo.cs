// The AppHost runs the Debian server binaries, so these tests run where those run.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
[assembly: AssemblyFixture(typeof(OmniRetail.EndToEnd.Tests.WholeStack))]
