using Google.Protobuf;
using Grpc.Core;
using PasswordSync.Gateway.Tests.Harness;
using PasswordSync.V1;

namespace PasswordSync.Gateway.Tests.Backup;

/// <summary>Backup and restore through the public Admin API, as `pwsync admin backup/restore` calls it.</summary>
internal static class AdminBackupCalls
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<(BackupInfo Info, byte[] Data)> BackupAsync(this InProcessGateway gateway, string key)
    {
        using var call = new Admin.AdminClient(gateway.Channel(key)).BackupVault(new BackupVaultRequest(),
            cancellationToken: Ct);
        BackupInfo? info = null;
        using var data = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(Ct))
        {
            info ??= chunk.Info;
            chunk.Data.WriteTo(data);
        }

        return (info ?? throw new InvalidOperationException("The backup stream was empty."), data.ToArray());
    }

    public static async Task<RestoreVaultResponse> RestoreAsync(this InProcessGateway gateway, string key, byte[] data,
        RestoreOptions options)
    {
        using var call = new Admin.AdminClient(gateway.Channel(key)).RestoreVault(cancellationToken: Ct);
        const int chunkBytes = 64 * 1024;
        try
        {
            for (var offset = 0; offset < data.Length || offset == 0; offset += chunkBytes)
            {
                var chunk = new RestoreChunk
                {
                    Data = ByteString.CopyFrom(data, offset, Math.Min(chunkBytes, data.Length - offset)),
                };
                if (offset == 0)
                {
                    chunk.Options = options;
                }

                await call.RequestStream.WriteAsync(chunk, Ct);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException)
        {
            // Refused before the end of the upload: the response carries the status.
        }

        return await call;
    }
}
