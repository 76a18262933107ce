using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.Directory.V1;
using PasswordSync.Gateway.Sync;
using PasswordSync.Gateway.Sync.Checks;
using DirectoryTarget = PasswordSync.Directory.V1.Target;

namespace PasswordSync.Gateway.Reports;

/// <summary>
/// A sync report's read-ahead of Active Directory account states. A lockout-safe check reads the account's state
/// before it binds; read one by one, those reads cost the DC (one core, the report's bottleneck) about a tenth of its
/// work, while one search for the states of many accounts costs it little more than one read
/// (docs/sync-report-performance.md). So when a check asks for its state, the states of the next accounts the report
/// will check on that target (<see cref="Expect"/>, in the report's order) are read with it in one directory-sync call
/// (at most <see cref="SyncReportOptions.StateReadAhead"/>), and the checks that follow find theirs already read.
/// A state read ahead is used only while it still describes the account (<see cref="PrefetchedState"/>: no check or
/// rotation of the account ended since, and not older than <see cref="SyncReportOptions.StateReadAheadMaxAge"/>);
/// otherwise, and for every account the call did not settle or when it failed, the check reads its own as before.
/// The call takes one of the target's directory slots, like any other directory work of the report.
/// </summary>
internal sealed class AccountStateReadAhead(
    DirectorySync.DirectorySyncClient directory,
    AccountLocks locks,
    SyncReportOptions options,
    TimeSpan callTimeout,
    TimeProvider clock,
    ILogger logger,
    CancellationToken reportCancelled)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Queue<string>> upcoming = new(StringComparer.Ordinal);
    // Keyed "target id \n account": account names compare case-insensitively, as directories (and AccountLocks) do.
    private readonly Dictionary<string, Pending> fetched = new(StringComparer.OrdinalIgnoreCase);
    private volatile bool unsupported;

    private bool Enabled => options.StateReadAhead > 1 && !unsupported;

    /// <summary>An account the report is about to check on an AD target, in the order it starts the checks.</summary>
    public void Expect(string targetId, TargetKind kind, string account)
    {
        if (!Enabled || kind != TargetKind.ActiveDirectory)
        {
            return;
        }

        lock (gate)
        {
            if (!upcoming.TryGetValue(targetId, out var queue))
            {
                upcoming[targetId] = queue = new Queue<string>();
            }

            queue.Enqueue(account);
        }
    }

    /// <summary>
    /// <see cref="AccountStateSource"/> for a check on <paramref name="target"/>: the account's state read ahead (or
    /// read now together with the next accounts), or null when there is none to offer.
    /// </summary>
    public async Task<PrefetchedState?> GetAsync(DirectoryTarget target, string account, DirectorySlot slot,
        CancellationToken cancellationToken)
    {
        if (!Enabled || target.Kind != TargetKind.ActiveDirectory)
        {
            return null;
        }

        Pending pending;
        lock (gate)
        {
            if (!fetched.Remove(Key(target.Id, account), out pending!))
            {
                pending = Start(target, account, slot);
            }
        }

        var batch = await pending.Read.WaitAsync(cancellationToken);
        return batch is not null && batch.States.TryGetValue(account, out var state)
            ? new PrefetchedState(state, batch.ReleaseMark, batch.Started, options.StateReadAheadMaxAge)
            : null;
    }

    /// <summary>Sends one call for <paramref name="account"/> and the target's next expected accounts (under the gate).</summary>
    private Pending Start(DirectoryTarget target, string account, DirectorySlot slot)
    {
        ForgetOutdated();
        var accounts = new List<string>(options.StateReadAhead) { account };
        if (upcoming.TryGetValue(target.Id, out var queue))
        {
            var comparer = StringComparer.OrdinalIgnoreCase;
            while (accounts.Count < options.StateReadAhead && queue.TryDequeue(out var next))
            {
                if (!accounts.Contains(next, comparer) && !fetched.ContainsKey(Key(target.Id, next)))
                {
                    accounts.Add(next);
                }
            }
        }

        // Sent outside the gate: the call waits for a directory slot first.
        var pending = new Pending(Task.Run(() => ReadAsync(target, accounts, slot)), clock.GetTimestamp());
        foreach (var other in accounts.Skip(1))
        {
            fetched[Key(target.Id, other)] = pending;
        }

        return pending;
    }

    /// <summary>States nobody asked for in time (their check was refused before its state read, or came too late).</summary>
    private void ForgetOutdated()
    {
        foreach (var (key, _) in fetched.Where(entry => clock.GetElapsedTime(entry.Value.Sent) > options.StateReadAheadMaxAge).ToList())
        {
            fetched.Remove(key);
        }
    }

    private async Task<Batch?> ReadAsync(DirectoryTarget target, List<string> accounts, DirectorySlot slot)
    {
        try
        {
            using var directorySlot = await slot(reportCancelled);
            // Taken before the call is sent: any check or rotation of these accounts that ends later outdates them.
            var mark = locks.ReleaseMark();
            var started = clock.GetTimestamp();
            var request = new GetAccountStatesRequest { Target = target };
            request.Accounts.AddRange(accounts);
            var response = await directory.GetAccountStatesAsync(request, deadline: DateTime.UtcNow + callTimeout,
                cancellationToken: reportCancelled);
            var states = new Dictionary<string, AccountState>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in response.Entries)
            {
                states[entry.Account] = entry.State;
            }

            ReportsLog.StatesReadAhead(logger, target.Id, accounts.Count, states.Count);
            return new Batch(states, mark, started);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            unsupported = true;
            ReportsLog.ReadAheadUnsupported(logger, target.Id);
            return null;
        }
        catch (RpcException e) when (!reportCancelled.IsCancellationRequested)
        {
            // Each check reads its own state now, and reports this failure as its own if it happens again.
            ReportsLog.ReadAheadFailed(logger, target.Id, accounts.Count, e.StatusCode);
            return null;
        }
        catch (OperationCanceledException) when (reportCancelled.IsCancellationRequested)
        {
            return null;
        }
    }

    private sealed record Pending(Task<Batch?> Read, long Sent);

    private sealed record Batch(Dictionary<string, AccountState> States, long ReleaseMark, long Started);

    private static string Key(string targetId, string account) => $"{targetId}\n{account}";
}
