namespace PasswordSync.Gateway.Tests.Cli.Harness;

/// <summary>
/// Every pwsync test class shares one suite start-up (three processes): they run one after another against it, and
/// each makes its own lists, records and AD accounts, so their order does not matter.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PwsyncSequence : ICollectionFixture<PwsyncSuite>
{
    public const string Name = "pwsync CLI (real processes)";
}
