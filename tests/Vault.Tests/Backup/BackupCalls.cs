using Google.Protobuf;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using PasswordSync.Vault.Keyrings;
using PasswordSync.Vault.Tests.Integration;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Tests.Backup;

/// <summary>Backup and restore through the vault's gRPC service, and what the tests check around them.</summary>
internal static class BackupCalls
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static VaultBackup.VaultBackupClient Backup(this VaultHost host, string actor = VaultHost.DefaultActor) =>
        new(host.As(actor));

    /// <summary>Takes a backup; returns the info of the first chunk and all the bytes, in order.</summary>
    public static async Task<(DatabaseSummary Info, byte[] Data, int Chunks)> TakeBackupAsync(this VaultHost host,
        string actor = VaultHost.DefaultActor)
    {
        using var call = host.Backup(actor).BackupDatabase(new BackupDatabaseRequest(), cancellationToken: Ct);
        DatabaseSummary? info = null;
        using var data = new MemoryStream();
        var chunks = 0;
        while (await call.ResponseStream.MoveNext(Ct))
        {
            var chunk = call.ResponseStream.Current;
            Assert.True(chunks == 0 == (chunk.Info is not null), "Only the first chunk carries the info.");
            info ??= chunk.Info;
            chunk.Data.WriteTo(data);
            chunks++;
        }

        return (info ?? throw new InvalidOperationException("The backup stream was empty."), data.ToArray(), chunks);
    }

    /// <summary>Restores <paramref name="data"/> in pieces of <paramref name="chunkBytes"/>, options on the first.</summary>
    public static async Task<DatabaseSummary> RestoreAsync(this VaultHost host, byte[] data,
        RestoreDatabaseOptions? options = null, int chunkBytes = 64 * 1024, string actor = VaultHost.DefaultActor)
    {
        using var call = host.Backup(actor).RestoreDatabase(cancellationToken: Ct);
        var offset = 0;
        do
        {
            var length = Math.Min(chunkBytes, data.Length - offset);
            var chunk = new RestoreDatabaseChunk { Data = ByteString.CopyFrom(data, offset, length) };
            if (offset == 0)
            {
                chunk.Options = options ?? new RestoreDatabaseOptions();
            }

            try
            {
                await call.RequestStream.WriteAsync(chunk, Ct);
            }
            catch (RpcException)
            {
                // The vault refused before reading everything: its status is in the response.
                break;
            }

            offset += length;
        }
        while (offset < data.Length);

        try
        {
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException)
        {
            // Already refused: the response below carries the status.
        }

        return await call;
    }

    /// <summary>A copy of <paramref name="host"/>'s key file, outliving the host (its folder is deleted with it).</summary>
    public static string CopyKeyring(this VaultHost host)
    {
        var copy = Path.Combine(Path.GetTempPath(), "pwsync-backup-keyring-" + Guid.NewGuid().ToString("N") + ".json");
        File.Copy(Path.Combine(Path.GetDirectoryName(host.DatabasePath)!, "keyring.json"), copy);
        return copy;
    }

    /// <summary>Settings that start a vault on the key file at <paramref name="keyringPath"/>.</summary>
    public static Dictionary<string, string?> WithKeyring(string keyringPath) =>
        new() { [KeyringOptions.FileConfigurationKey] = keyringPath };

    /// <summary>What a refused restore must leave exactly as it was: lists, records, and the audit chain's head.</summary>
    public static async Task<string> StateAsync(this VaultHost host)
    {
        var rows = Query(host.DatabasePath,
            "SELECT 'list ' || id || ' v' || version FROM lists UNION ALL "
            + "SELECT 'record ' || id || ' v' || version FROM records");
        var audit = await host.Store.Audit.VerifyAsync(Ct);
        return string.Join("\n", rows.Order(StringComparer.Ordinal))
            + $"\naudit head {audit.HeadSequence} {Convert.ToHexString(audit.HeadHash)}";
    }

    /// <summary>Backup or restore files left beside the database (there must never be any after a call).</summary>
    public static string[] LeftoverFiles(this VaultHost host) =>
        Directory.GetFiles(Path.GetDirectoryName(host.DatabasePath)!, ".vault-*");

    /// <summary>Record ids in a backup, read straight from its bytes.</summary>
    public static HashSet<string> RecordIdsIn(byte[] backup)
    {
        var path = Path.Combine(Path.GetTempPath(), "pwsync-backup-read-" + Guid.NewGuid().ToString("N") + ".db");
        File.WriteAllBytes(path, backup);
        try
        {
            return Query(path, "SELECT id FROM records").ToHashSet(StringComparer.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The first column of every row, read through a read-only connection of its own.</summary>
    public static List<string> Query(string databasePath, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
