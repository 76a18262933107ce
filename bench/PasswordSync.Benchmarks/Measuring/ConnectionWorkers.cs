using System.Diagnostics;
using System.DirectoryServices.Protocols;

namespace PasswordSync.Benchmarks.Measuring;

/// <summary>
/// Runs one directory operation per item with a fixed number of workers, each on its own LDAP connection (LDAP
/// handles are not shared across threads; S.DS.Protocols calls block, so each worker is a thread of its own).
/// </summary>
internal static class ConnectionWorkers
{
    /// <summary>The wall time from the first connection opened to the last item done; failures are counted, not thrown.</summary>
    public static Task<WorkResult> RunAsync<T>(IReadOnlyList<T> items, int workers,
        Func<LdapConnection> open, Action<LdapConnection, T> operation) =>
        RunAsync<T, LdapConnection>(items, workers, open, operation);

    /// <summary>As above, with whatever a worker holds open (e.g. a pair of connections).</summary>
    public static async Task<WorkResult> RunAsync<T, TConnection>(IReadOnlyList<T> items, int workers,
        Func<TConnection> open, Action<TConnection, T> operation)
        where TConnection : IDisposable
    {
        var next = -1;
        var failures = 0;
        string? firstFailure = null;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Math.Min(workers, items.Count)).Select(_ => Task.Factory.StartNew(() =>
        {
            var connection = open();
            try
            {
                for (var i = Interlocked.Increment(ref next); i < items.Count; i = Interlocked.Increment(ref next))
                {
                    try
                    {
                        operation(connection, items[i]);
                    }
                    catch (Exception e) when (e is LdapException or DirectoryOperationException)
                    {
                        Interlocked.Increment(ref failures);
                        Interlocked.CompareExchange(ref firstFailure, e.Message, null);
                    }
                }
            }
            finally
            {
                connection.Dispose();
            }
        }, TaskCreationOptions.LongRunning)));
        return new WorkResult(items.Count, clock.Elapsed, failures, firstFailure);
    }
}

/// <summary>How many items, in how long, and how many failed (with the first failure's message: never a password).</summary>
internal sealed record WorkResult(int Items, TimeSpan Elapsed, int Failures, string? FirstFailure)
{
    public double PerSecond => Items / Elapsed.TotalSeconds;
}
