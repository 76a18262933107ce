using System.Text;
using PasswordSync.Gateway.Tests.Harness;

namespace PasswordSync.Gateway.Tests.Auth;

internal static class SecretSearch
{
    /// <summary>Fails when a secret's bytes (UTF-8 or UTF-16) appear in the vault's database or its WAL.</summary>
    public static void AssertNotInVaultFiles(BackendProcesses backends, params string[] secrets)
    {
        var files = new[] { backends.VaultDatabasePath, backends.VaultDatabasePath + "-wal" }.Where(File.Exists).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }

            foreach (var secret in secrets)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"a key is stored in {file}");
                Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) < 0, $"a key is stored in {file}");
            }
        }
    }
}
