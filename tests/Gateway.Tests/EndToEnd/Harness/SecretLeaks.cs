using System.Text;

namespace PasswordSync.Gateway.Tests.EndToEnd.Harness;

/// <summary>
/// Proves that no secret a test used reached a process's output or the vault's database files in plain text
/// (UTF-8 or UTF-16, the two encodings a leak would take).
/// </summary>
public static class SecretLeaks
{
    public static void AssertNoneIn(IEnumerable<string> secrets, IReadOnlyDictionary<string, string> outputs,
        IEnumerable<string> files)
    {
        var all = secrets.Where(secret => secret.Length >= 8).Distinct(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(all);
        foreach (var (name, output) in outputs)
        {
            var leaked = all.Count(secret => output.Contains(secret, StringComparison.Ordinal));
            // The count, never the secret itself: the failure message must not leak it either.
            Assert.True(leaked == 0, $"{leaked} of the test's {all.Length} secrets appear in the output of {name}.");
        }

        foreach (var file in files.Where(File.Exists))
        {
            var bytes = ReadShared(file);
            var leaked = all.Count(secret =>
                bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0
                || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) >= 0);
            Assert.True(leaked == 0, $"{leaked} of the test's {all.Length} secrets appear in plain text in {file}.");
        }
    }

    private static byte[] ReadShared(string path)
    {
        // The vault still has the database open: read it without asking for exclusive access.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
