using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using PasswordSync.Cli.Errors;
using PasswordSync.Cli.Infrastructure;
using PasswordSync.Cli.Output;
using PasswordSync.V1;

namespace PasswordSync.Cli.Commands.Admin;

/// <summary>
/// <c>pwsync admin restore &lt;file&gt; [--replace-existing]</c>: sends a backup to the vault with its SHA-256, so the
/// vault refuses (and changes nothing) if a single byte differs; a vault that holds lists is replaced only when asked.
/// </summary>
public static class RestoreCommand
{
    private const int ChunkSize = 256 * 1024;

    private static readonly Argument<FileInfo> File = new("file") { Description = "A file written by 'pwsync admin backup'." };
    private static readonly Option<bool> ReplaceExisting = new("--replace-existing")
    {
        Description = "Replace a vault that already holds lists (everything in it is replaced).",
    };

    public static Command Build() => new Command("restore",
            "Replaces the vault's database with a backup. Refused when the vault holds lists, unless --replace-existing.")
        .Having(File, ReplaceExisting).With(RunAsync);

    private static async Task<int> RunAsync(CliContext cli)
    {
        var source = cli.Value(File);
        if (!source.Exists)
        {
            throw CliException.Usage($"{source.FullName} does not exist.");
        }

        string sha256;
        await using (var read = source.OpenRead())
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(read, cli.Cancellation));
        }

        using var call = cli.Admin.RestoreVault(cli.Stream);
        await using (var input = source.OpenRead())
        {
            var buffer = new byte[ChunkSize];
            var first = true;
            int read;
            while ((read = await input.ReadAsync(buffer, cli.Cancellation)) > 0 || first)
            {
                var chunk = new RestoreChunk { Data = ByteString.CopyFrom(buffer, 0, read) };
                if (first)
                {
                    chunk.Options = new RestoreOptions { ReplaceExisting = cli.Value(ReplaceExisting), ExpectedSha256 = sha256 };
                    first = false;
                }

                await call.RequestStream.WriteAsync(chunk, cli.Cancellation);
            }
        }

        await call.RequestStream.CompleteAsync();
        var restored = await call.ResponseAsync;
        cli.Out.Result(restored, () => Tables.Fields(
            ("restored from", source.FullName),
            ("size", $"{restored.SizeBytes} bytes"),
            ("sha256", restored.Sha256),
            ("schema version", restored.SchemaVersion.ToString(CultureInfo.InvariantCulture)),
            ("lists", restored.Lists.ToString(CultureInfo.InvariantCulture)),
            ("records", restored.Records.ToString(CultureInfo.InvariantCulture))));
        return ExitCodes.Ok;
    }
}
