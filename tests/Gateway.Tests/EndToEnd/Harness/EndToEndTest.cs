namespace PasswordSync.Gateway.Tests.EndToEnd.Harness;

/// <summary>
/// Base of the end-to-end test classes: when a test fails for any reason (an assertion, or an unexpected error from a
/// call), the last lines of every process's output are added to the test's output, so the failure explains itself.
/// </summary>
public abstract class EndToEndTest<TSuite>(TSuite suite) : IAsyncDisposable
    where TSuite : SuiteProcesses
{
    /// <summary>The class fixture: the three processes this class's tests run against.</summary>
    protected TSuite Suite { get; } = suite;

    public ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(Suite.Diagnostics());
        }

        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
