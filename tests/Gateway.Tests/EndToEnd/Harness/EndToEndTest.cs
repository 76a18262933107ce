namespace PasswordSync.Gateway.Tests.EndToEnd.Harness;

/// <summary>
/// Base of the end-to-end test classes: when a test fails for any reason (an assertion, or an unexpected error from a
/// call), the last lines of every process's output are added to the test's output, so the failure explains itself.
/// </summary>
public abstract class EndToEndTest(SuiteProcesses suite) : IAsyncDisposable
{
    public ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(suite.Diagnostics());
        }

        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
