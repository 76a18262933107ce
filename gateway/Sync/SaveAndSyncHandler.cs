using Grpc.Core;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Sync;

/// <summary>SKELETON: save-and-sync and rotate calls (authorisation, validation, then IRecordRotator).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Skeleton until built.")]
internal sealed class SaveAndSyncHandler
{
    public Task<SyncOutcome> SaveAndSyncAsync(SaveAndSyncRequest request, ServerCallContext context) =>
        throw NotBuiltYet.Error("Save and sync");

    public Task<SyncOutcome> RotateAsync(RotateRequest request, ServerCallContext context) =>
        throw NotBuiltYet.Error("Rotate");
}
