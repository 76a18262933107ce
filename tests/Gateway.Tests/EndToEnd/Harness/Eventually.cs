namespace PasswordSync.Gateway.Tests.EndToEnd.Harness;

/// <summary>Bounded polling: every wait in these tests has a deadline and fails with what it last saw.</summary>
public static class Eventually
{
    /// <summary>
    /// Probes until <paramref name="done"/> holds or <paramref name="timeout"/> passes; then fails with the last value
    /// (described by <paramref name="describe"/>) and <paramref name="diagnostics"/> (e.g. the processes' output).
    /// </summary>
    public static async Task<T> UntilAsync<T>(string what, Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout,
        Func<T?, string> describe, Func<string> diagnostics, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = default(T);
        Exception? lastError = null;
        while (true)
        {
            try
            {
                last = await probe();
                lastError = null;
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception e) when (e is Grpc.Core.RpcException or HttpRequestException or IOException)
            {
                // A gateway restarting answers Unavailable for a moment; keep probing until the deadline.
                lastError = e;
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}. Last seen: "
                    + (lastError is null ? describe(last) : $"error {lastError.Message}") + "\n" + diagnostics());
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        }
    }
}
