using System.Collections.Concurrent;
using Grpc.Net.Client;
using PasswordSync.Gateway.Sync;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Tests.Jobs.Support;

/// <summary>
/// TEST DOUBLE of the pending-rotation resolver (IPendingRotationResolver, built and tested against the real Samba DC
/// on the gw-rotate branch). It claims the record's pending rotation in the REAL vault journal (which only succeeds
/// once the lease has expired) and commits it, as the real resolver does when the pending password is proven. It
/// records which records it was asked about.
/// </summary>
public sealed class ScriptedResolver(BackendProcesses backends) : IPendingRotationResolver, IDisposable
{
    private readonly GrpcChannel channel = backends.ChannelAsGateway(backends.VaultAddress);

    public ConcurrentQueue<string> Calls { get; } = new();

    public async Task<PendingResolution> ResolveAsync(string recordId, CancellationToken cancellationToken)
    {
        Calls.Enqueue(recordId);
        var journal = new RotationJournal.RotationJournalClient(channel);
        var claim = await journal.ClaimRotationAsync(new ClaimRotationRequest
        {
            RecordId = recordId,
            NewOwner = "scripted-resolver",
            Lease = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
        }, cancellationToken: cancellationToken);
        if (!claim.Claimed)
        {
            return new PendingResolution(PendingOutcome.NotClaimable, null, "scripted: not claimable");
        }

        var rotationId = claim.State.Pending.RotationId;
        await journal.CommitRotationAsync(new CommitRotationRequest
        {
            RequestId = Guid.NewGuid().ToString("N"),
            RecordId = recordId,
            RotationId = rotationId,
        }, cancellationToken: cancellationToken);
        return new PendingResolution(PendingOutcome.Committed, rotationId, "scripted: the pending password was proven");
    }

    public void Dispose() => channel.Dispose();
}
