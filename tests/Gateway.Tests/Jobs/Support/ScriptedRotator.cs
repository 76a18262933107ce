using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using PasswordSync.Gateway.Sync;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.V1;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Tests.Jobs.Support;

/// <summary>
/// TEST DOUBLE of the crash-safe rotation engine (IRecordRotator, built and tested against the real Samba DC on the
/// gw-rotate branch). No directory is touched, but the vault side is REAL: it begins the rotation in the vault's
/// journal with the rotation id it is given, then commits (or aborts) it, so the vault's records, history and audit
/// log carry what a real rotation leaves behind. It measures how the job runner schedules it: commands received,
/// rotations per record, rotations in flight per target.
/// </summary>
public sealed class ScriptedRotator(BackendProcesses backends) : IRecordRotator, IDisposable
{
    private readonly GrpcChannel channel = backends.ChannelAsGateway(backends.VaultAddress);
    private readonly ConcurrentDictionary<string, int> inFlight = new();
    private readonly ConcurrentDictionary<string, int> maxInFlight = new();

    public ConcurrentQueue<RotationCommand> Commands { get; } = new();

    public ConcurrentDictionary<string, string> TargetOf { get; } = new();

    /// <summary>Records whose rotation the "directory" refuses (begun, then aborted with PASSWORD_POLICY).</summary>
    public ConcurrentDictionary<string, bool> Refuse { get; } = new();

    /// <summary>Records the engine refuses before beginning (as a real one does for a rotation already pending).</summary>
    public ConcurrentDictionary<string, bool> RefuseBeforeBegin { get; } = new();

    /// <summary>While set and not completed, every rotation waits for it after its begin.</summary>
    public TaskCompletionSource? Hold { get; set; }

    public int Started => Commands.Count;

    public int MaxInFlight(string target) => maxInFlight.GetValueOrDefault(target);

    public int TimesRotated(string recordId) => Commands.Count(c => c.RecordId == recordId);

    public async Task<SyncOutcome> RotateAsync(RotationCommand command, CancellationToken cancellationToken)
    {
        Commands.Enqueue(command);
        if (RefuseBeforeBegin.ContainsKey(command.RecordId))
        {
            throw ServiceDefaults.RpcErrors.Create(StatusCode.FailedPrecondition, Common.V1.Reason.RotationPending,
                "scripted: a rotation is already pending");
        }

        var target = TargetOf.GetValueOrDefault(command.RecordId, "default");
        var now = inFlight.AddOrUpdate(target, 1, (_, n) => n + 1);
        maxInFlight.AddOrUpdate(target, now, (_, max) => Math.Max(max, now));
        try
        {
            var journal = new RotationJournal.RotationJournalClient(channel);
            var rotationId = command.RotationId ?? Guid.NewGuid().ToString("N");
            await journal.BeginRotationAsync(new BeginRotationRequest
            {
                RequestId = Guid.NewGuid().ToString("N"),
                RecordId = command.RecordId,
                RotationId = rotationId,
                NewPassword = $"Dbl-{Guid.NewGuid():N}-Aa1!",
                Owner = "scripted-rotator",
                Lease = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
                Reason = command.Reason,
            }, cancellationToken: cancellationToken);
            if (Hold is { } hold)
            {
                await hold.Task.WaitAsync(cancellationToken);
            }
            else
            {
                await Task.Delay(30, cancellationToken);
            }

            if (Refuse.ContainsKey(command.RecordId))
            {
                await journal.AbortRotationAsync(new AbortRotationRequest
                {
                    RequestId = Guid.NewGuid().ToString("N"),
                    RecordId = command.RecordId,
                    RotationId = rotationId,
                    Reason = "PASSWORD_POLICY: scripted refusal",
                }, cancellationToken: cancellationToken);
                return new SyncOutcome
                {
                    RecordId = command.RecordId,
                    ReasonCode = "PASSWORD_POLICY",
                    Message = "scripted: the directory refused the password",
                };
            }

            var committed = await journal.CommitRotationAsync(new CommitRotationRequest
            {
                RequestId = Guid.NewGuid().ToString("N"),
                RecordId = command.RecordId,
                RotationId = rotationId,
            }, cancellationToken: cancellationToken);
            return new SyncOutcome
            {
                RecordId = command.RecordId,
                VaultUpdated = true,
                DirectoryUpdated = true,
                Verified = command.VerifyAfterSet,
                Message = "scripted: rotated",
                Version = committed.RecordVersion,
            };
        }
        finally
        {
            inFlight.AddOrUpdate(target, 0, (_, n) => n - 1);
        }
    }

    public void Dispose() => channel.Dispose();
}
