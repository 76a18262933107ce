using System.Globalization;

namespace PasswordSync.Vault.Keyrings;

/// <summary>
/// Key ring administration from the command line, run instead of the service:
/// <c>create-keyring &lt;path&gt;</c>, <c>add-kek &lt;path&gt; [--inactive]</c>,
/// <c>activate-kek &lt;path&gt; &lt;version&gt;</c>, <c>remove-kek &lt;path&gt; &lt;version&gt;</c>,
/// <c>list-keks &lt;path&gt;</c>. Never prints key material.
/// </summary>
public static class KeyringCommands
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    private const string InactiveOption = "--inactive";

    private const string Usage = "Usage: create-keyring <path> | add-kek <path> [--inactive] | activate-kek <path> <version>"
        + " | remove-kek <path> <version> | list-keks <path>";

    /// <summary>Null when <paramref name="args"/> is not a key ring command (start the service); otherwise the exit code.</summary>
    public static int? TryRun(string[] args) => TryRun(args, Console.Out, Console.Error, TimeProvider.System);

    public static int? TryRun(string[] args, TextWriter output, TextWriter error, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            return null;
        }

        Func<string[], TextWriter, TimeProvider, int>? command = args[0] switch
        {
            "create-keyring" => Create,
            "add-kek" => AddKek,
            "activate-kek" => ActivateKek,
            "remove-kek" => RemoveKek,
            "list-keks" => List,
            _ => null,
        };
        if (command is null)
        {
            return null;
        }

        var argumentsValid = args[0] switch
        {
            "activate-kek" or "remove-kek" => args.Length == 3,
            "add-kek" => args.Length == 2 || (args.Length == 3 && args[2] == InactiveOption),
            _ => args.Length == 2,
        };
        if (!argumentsValid || string.IsNullOrWhiteSpace(args[1]))
        {
            error.WriteLine(Usage);
            return UsageError;
        }

        try
        {
            return command(args, output, timeProvider);
        }
        catch (InvalidKeyringException e)
        {
            error.WriteLine($"{args[0]} failed for {Path.GetFullPath(args[1])}: {e.Message}");
            return Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{args[0]} failed: {e.Message}");
            return Failure;
        }
    }

    private static int Create(string[] args, TextWriter output, TimeProvider timeProvider)
    {
        var path = Path.GetFullPath(args[1]);
        if (File.Exists(path))
        {
            // Overwriting a key ring would destroy the only keys that decrypt the vault's secrets.
            throw new IOException($"{path} already exists; a key ring is never overwritten. Use add-kek to rotate its KEK.");
        }

        var keyring = Keyring.CreateNew(timeProvider);
        KeyringFile.CreateNew(path, keyring);
        output.WriteLine($"Created key ring {path} (owner-only, mode 600) with KEK version {keyring.ActiveVersion}.");
        output.WriteLine($"Start the vault with Vault__KeyringFile={path}. Back this file up and keep it out of the "
            + "database: without it no stored secret can be decrypted.");
        return Success;
    }

    private static int AddKek(string[] args, TextWriter output, TimeProvider timeProvider)
    {
        var path = RequireExisting(args[1]);
        var staged = args.Length == 3;
        var before = KeyringFile.Read(path);
        var after = before.WithNewKek(timeProvider, makeActive: !staged);
        KeyringFile.Replace(path, after);
        var added = after.Versions.Max();
        if (staged)
        {
            output.WriteLine($"Added KEK version {added} to {path}, not active yet (active stays {after.ActiveVersion}).");
            output.WriteLine("Give this file to every vault instance and restart them; then, so that no instance meets a "
                + $"data key wrapped by a KEK it lacks, activate it: activate-kek {path} {added}");
            return Success;
        }

        output.WriteLine($"Added KEK version {added} to {path} and made it active (was {before.ActiveVersion}).");
        output.WriteLine("Give this file to every vault instance and restart them, then re-wrap the data keys. Remove an "
            + $"old version only when nothing is wrapped by it any more: remove-kek {path} <version>.");
        return Success;
    }

    private static int ActivateKek(string[] args, TextWriter output, TimeProvider timeProvider)
    {
        var version = ParseVersion(args[2]);
        var path = RequireExisting(args[1]);
        var before = KeyringFile.Read(path);
        KeyringFile.Replace(path, before.WithActiveVersion(version));
        output.WriteLine($"KEK version {version} is now active in {path} (was {before.ActiveVersion}). Restart every vault "
            + "instance with this file, then re-wrap the data keys.");
        return Success;
    }

    private static int RemoveKek(string[] args, TextWriter output, TimeProvider timeProvider)
    {
        var version = ParseVersion(args[2]);
        var path = RequireExisting(args[1]);
        var after = KeyringFile.Read(path).WithoutKek(version);
        KeyringFile.Replace(path, after);
        output.WriteLine($"Removed KEK version {version} from {path}; versions left: {string.Join(", ", after.Versions)} "
            + $"(active {after.ActiveVersion}).");
        return Success;
    }

    private static int List(string[] args, TextWriter output, TimeProvider timeProvider)
    {
        var keyring = KeyringFile.Read(RequireExisting(args[1]));
        foreach (var key in keyring.Keys)
        {
            var active = key.Version == keyring.ActiveVersion ? " (active)" : "";
            output.WriteLine($"KEK version {key.Version}, created {key.CreatedAt:O}{active}");
        }

        return Success;
    }

    private static int ParseVersion(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw new InvalidKeyringException($"'{text}' is not a KEK version: the version must be a positive integer.");

    private static string RequireExisting(string path)
    {
        var fullPath = Path.GetFullPath(path);
        return File.Exists(fullPath)
            ? fullPath
            : throw new IOException($"{fullPath} does not exist. Create a key ring first: create-keyring {fullPath}");
    }
}
