using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Grpc.Core;
using PasswordSync.Cli.Configuration;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.Cli.Output;
using PasswordSync.V1;

namespace PasswordSync.Cli.Commands.Admin;

/// <summary>
/// <c>pwsync admin backup &lt;file&gt;</c>: streams a consistent copy of the vault's database into a new owner-only
/// file, checks its size and SHA-256 against what the vault announced, and only then gives it its name, so a file
/// under that name is always a whole backup. The vault's key file is not in it: back that up separately.
/// </summary>
public static class BackupCommand
{
    private static readonly Argument<FileInfo> File = new("file") { Description = "Where to write the backup." };
    private static readonly Option<bool> Force = new("--force") { Description = "Replace an existing file." };

    public static Command Build() => new Command("backup",
            "Writes a consistent backup of the vault (SQLite) to a file. The vault's key file is not in it.")
        .Having(File, Force).With(RunAsync);

    private static async Task<int> RunAsync(CliContext cli)
    {
        var target = cli.Value(File);
        var force = cli.Value(Force);
        if (target.Exists && !force)
        {
            throw CliException.Usage($"{target.FullName} exists.", "Choose another name, or pass --force to replace it.");
        }

        var partial = target.FullName + $".partial-{Environment.ProcessId}";
        BackupInfo? info = null;
        long size = 0;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            await using (var output = FilePermissions.CreateOwnerOnly(partial, overwrite: true))
            {
                using var call = cli.Admin.BackupVault(new BackupVaultRequest(), cli.Stream);
                await foreach (var chunk in call.ResponseStream.ReadAllAsync(cli.Cancellation))
                {
                    info ??= chunk.Info;
                    var bytes = chunk.Data.Memory;
                    sha.AppendData(bytes.Span);
                    await output.WriteAsync(bytes, cli.Cancellation);
                    size += bytes.Length;
                }

                await output.FlushAsync(cli.Cancellation);
                output.Flush(flushToDisk: true);
            }

            var digest = Convert.ToHexStringLower(sha.GetHashAndReset());
            if (info is null || info.SizeBytes != size || !string.Equals(info.Sha256, digest, StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException(ExitCodes.Failed,
                    $"The backup received ({size} bytes, sha256 {digest}) does not match what the vault announced "
                    + $"({info?.SizeBytes.ToString(CultureInfo.InvariantCulture) ?? "nothing"} bytes, sha256 {info?.Sha256}); "
                    + "nothing was written.", "Retry the backup.");
            }

            System.IO.File.Move(partial, target.FullName, overwrite: force);
        }
        finally
        {
            System.IO.File.Delete(partial);
        }

        cli.Out.Result(info, () => Tables.Fields(
            ("file", target.FullName),
            ("size", $"{info.SizeBytes} bytes"),
            ("sha256", info.Sha256),
            ("taken at", Show.Time(info.TakenAt)),
            ("schema version", info.SchemaVersion.ToString(CultureInfo.InvariantCulture)),
            ("lists", info.Lists.ToString(CultureInfo.InvariantCulture)),
            ("records", info.Records.ToString(CultureInfo.InvariantCulture))));
        Printer.Note("Back up the vault's key file separately: without it this backup cannot be decrypted.");
        return ExitCodes.Ok;
    }
}
