namespace PasswordSync.LocalRun.Tests;

/// <summary>
/// The classes that start the whole suite (three services, and a DC for the demo) run one after the other: the
/// machine they run on is small and shared, and their readiness waits are bounded.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WholeSuiteRuns
{
    public const string Name = "run.sh";
}
