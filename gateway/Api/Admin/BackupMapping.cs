using VaultApi = PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Api.Admin;

/// <summary>Public backup and restore messages to and from the vault's (the same fields under internal names).</summary>
internal static class BackupMapping
{
    public static V1.BackupChunk ToPublic(this VaultApi.DatabaseChunk chunk)
    {
        var result = new V1.BackupChunk { Data = chunk.Data };
        if (chunk.Info is { } info)
        {
            result.Info = new V1.BackupInfo
            {
                SizeBytes = info.SizeBytes,
                Sha256 = info.Sha256,
                TakenAt = info.TakenAt,
                SchemaVersion = info.SchemaVersion,
                Lists = info.Lists,
                Records = info.Records,
            };
        }

        return result;
    }

    public static VaultApi.RestoreDatabaseChunk ToVault(this V1.RestoreChunk chunk)
    {
        var result = new VaultApi.RestoreDatabaseChunk { Data = chunk.Data };
        if (chunk.Options is { } options)
        {
            result.Options = new VaultApi.RestoreDatabaseOptions
            {
                ReplaceExisting = options.ReplaceExisting,
                ExpectedSha256 = options.ExpectedSha256,
            };
        }

        return result;
    }

    public static V1.RestoreVaultResponse ToPublicRestore(this VaultApi.DatabaseSummary summary) => new()
    {
        SizeBytes = summary.SizeBytes,
        Sha256 = summary.Sha256,
        SchemaVersion = summary.SchemaVersion,
        Lists = summary.Lists,
        Records = summary.Records,
    };
}
