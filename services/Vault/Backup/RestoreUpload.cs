using System.Security.Cryptography;
using Grpc.Core;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Backup;

/// <summary>What a restore received: the caller's options and the size and SHA-256 of the data, now in a file.</summary>
internal sealed record RestoreUpload(RestoreDatabaseOptions Options, long Size, string Sha256)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Writes the streamed data to <paramref name="path"/> (a new owner-only file), hashing it on the way, and stops
    /// reading as soon as it passes <paramref name="maxBytes"/>, so an endless upload cannot fill the disk.
    /// </summary>
    public static async Task<RestoreUpload> ReceiveAsync(IAsyncStreamReader<RestoreDatabaseChunk> requests,
        string path, long maxBytes, CancellationToken cancellationToken)
    {
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = OwnerOnly;
        }

        RestoreDatabaseOptions? options = null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var size = 0L;
        var first = true;
        await using (var file = new FileStream(path, fileOptions))
        {
            while (await requests.MoveNext(cancellationToken))
            {
                var chunk = requests.Current;
                if (chunk.Options is not null)
                {
                    options = first ? Checked(chunk.Options) : throw BackupErrors.OptionsNotFirst();
                }

                first = false;
                size += chunk.Data.Length;
                if (size > maxBytes)
                {
                    throw BackupErrors.TooLarge(maxBytes);
                }

                hash.AppendData(chunk.Data.Span);
                await file.WriteAsync(chunk.Data.Memory, cancellationToken);
            }

            await file.FlushAsync(cancellationToken);
        }

        return new RestoreUpload(options ?? new RestoreDatabaseOptions(), size,
            Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    // Checked on the first message, so a mistyped checksum is refused before a gigabyte is uploaded.
    private static RestoreDatabaseOptions Checked(RestoreDatabaseOptions options) =>
        options.ExpectedSha256.Length == 0 || FileDigest.IsSha256(options.ExpectedSha256)
            ? options
            : throw BackupErrors.MalformedChecksum();
}
