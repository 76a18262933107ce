using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PasswordSync.Directory.V1;

namespace PasswordSync.Gateway.Tests.Reports;

/// <summary>
/// TEST DOUBLE of directory-sync (its gRPC client, as the gateway's check engine calls it) for the report's scheduling
/// tests: the targets these tests register are names with no directory behind them, and the tests must hold directory
/// calls to see how many a report makes at once. Everything else (gateway, vault, the check engine itself) is real; the
/// report against a real directory is tested on Samba (Checks/SyncReportOnDirectoryTests, EndToEnd/SyncReportEndToEndTests).
/// It accepts <see cref="AcceptedPassword"/> for every account (so a record stored with another password is a
/// mismatch), reports a password-last-set value per account, and can hold calls until released. Unless
/// <see cref="ReadsStatesInBatches"/> is set it answers GetAccountStates as a directory-sync older than that call does
/// (Unimplemented); BulkPasswords it always refuses that way, so the report's binds come as VerifyPassword calls here
/// (the report's bind streams are tested against the real directory-sync: Checks/SyncReportOnDirectoryTests).
/// </summary>
public sealed class ScriptedDirectory : DirectorySync.DirectorySyncClient
{
    public const string PasswordLastSet = "133900000000000000";

    private readonly ConcurrentDictionary<string, int> inFlight = new();
    private readonly ConcurrentDictionary<string, int> maxInFlight = new();
    private int stateReads;
    private int batchStateReads;
    private int statesReadInBatches;
    private int binds;
    private int cancelled;

    public string AcceptedPassword { get; init; } = "Initial-Pass-1!";

    /// <summary>Accounts the directory reports locked out (no bind is made for them).</summary>
    public ConcurrentDictionary<string, bool> LockedOut { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>While set and not completed, every state read of a held account waits for it.</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>Which accounts <see cref="Hold"/> holds; all when null.</summary>
    public Func<string, bool>? Holds { get; set; }

    /// <summary>Answer GetAccountStates (every account settled), as a current directory-sync does.</summary>
    public bool ReadsStatesInBatches { get; init; }

    /// <summary>How long each bind takes.</summary>
    public TimeSpan BindTime { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Single state reads (GetAccountState).</summary>
    public int StateReads => Volatile.Read(ref stateReads);

    /// <summary>GetAccountStates calls, and the accounts they were asked for in all.</summary>
    public int BatchStateReads => Volatile.Read(ref batchStateReads);

    public int StatesReadInBatches => Volatile.Read(ref statesReadInBatches);

    public int Binds => Volatile.Read(ref binds);

    public int Cancelled => Volatile.Read(ref cancelled);

    /// <summary>The most directory calls seen at once for <paramref name="targetId"/>.</summary>
    public int MaxInFlight(string targetId) => maxInFlight.GetValueOrDefault(targetId);

    public override AsyncUnaryCall<AccountState> GetAccountStateAsync(GetAccountStateRequest request,
        CallOptions options)
    {
        Interlocked.Increment(ref stateReads);
        return Call(request.Target.Id, async () =>
        {
            if (Hold is { } hold && (Holds?.Invoke(request.Account) ?? true))
            {
                await hold.Task.WaitAsync(options.CancellationToken);
            }
            else
            {
                await Task.Delay(5, options.CancellationToken);
            }

            return StateOf(request.Account);
        });
    }

    public override AsyncUnaryCall<GetAccountStatesResponse> GetAccountStatesAsync(GetAccountStatesRequest request,
        CallOptions options)
    {
        if (!ReadsStatesInBatches)
        {
            var older = new RpcException(new Status(StatusCode.Unimplemented, "Method is unimplemented."));
            return new AsyncUnaryCall<GetAccountStatesResponse>(Task.FromException<GetAccountStatesResponse>(older),
                Task.FromResult(new Metadata()), () => older.Status, () => [], () => { });
        }

        Interlocked.Increment(ref batchStateReads);
        Interlocked.Add(ref statesReadInBatches, request.Accounts.Count);
        return Call(request.Target.Id, async () =>
        {
            if (Hold is { } hold && request.Accounts.Any(account => Holds?.Invoke(account) ?? true))
            {
                await hold.Task.WaitAsync(options.CancellationToken);
            }
            else
            {
                await Task.Delay(5, options.CancellationToken);
            }

            var response = new GetAccountStatesResponse();
            response.Entries.AddRange(request.Accounts.Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(account => new AccountStateEntry { Account = account, State = StateOf(account) }));
            return response;
        });
    }

    public override AsyncDuplexStreamingCall<BulkRequest, BulkResponse> BulkPasswords(CallOptions options) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "Method is unimplemented."));

    private AccountState StateOf(string account) => new()
    {
        Exists = true,
        Enabled = true,
        LockedOut = LockedOut.ContainsKey(account),
        LockoutPolicy = new LockoutPolicy { Threshold = 0, Source = "domain" },
        PasswordLastSetRaw = PasswordLastSet,
        Server = "double:636",
    };

    public override AsyncUnaryCall<VerifyPasswordResponse> VerifyPasswordAsync(VerifyPasswordRequest request,
        CallOptions options)
    {
        Interlocked.Increment(ref binds);
        return Call(request.Target.Id, async () =>
        {
            await Task.Delay(BindTime, options.CancellationToken);
            var accepted = string.Equals(request.Password, AcceptedPassword, StringComparison.Ordinal);
            return new VerifyPasswordResponse
            {
                Outcome = accepted ? VerifyOutcome.Accepted : VerifyOutcome.Rejected,
                PasswordCorrect = accepted,
                Server = "double:636",
            };
        });
    }

    private AsyncUnaryCall<T> Call<T>(string targetId, Func<Task<T>> answer)
    {
        var now = inFlight.AddOrUpdate(targetId, 1, (_, n) => n + 1);
        maxInFlight.AddOrUpdate(targetId, now, (_, max) => Math.Max(max, now));
        return new AsyncUnaryCall<T>(Run(targetId, answer), Task.FromResult(new Metadata()), () => Status.DefaultSuccess,
            () => [], () => { });
    }

    private async Task<T> Run<T>(string targetId, Func<Task<T>> answer)
    {
        try
        {
            return await answer();
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref cancelled);
            // What the real client throws when its call is cancelled.
            throw new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."));
        }
        finally
        {
            inFlight.AddOrUpdate(targetId, 0, (_, n) => n - 1);
        }
    }
}
