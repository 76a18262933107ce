using System.Security.Cryptography;
using System.Text;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Tests.Integration;

/// <summary>
/// The promise "the store never sees a plaintext password", checked where it matters: the bytes of the SQLite database
/// and its write-ahead log, and everything the vault logged, after passwords went through every API that takes or
/// returns one.
/// </summary>
public sealed class PlaintextAtRestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Passwords_written_through_the_api_appear_neither_in_the_database_files_nor_in_logs()
    {
        await using var host = VaultHost.Start();
        var list = await host.CreateReadyListAsync();
        var passwords = new List<string>();
        // A distinctive non-secret value stored in clear: finding it proves the scan reads the data that was written.
        var marker = "Marker-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

        for (var r = 0; r < 3; r++)
        {
            var initial = NewPassword();
            passwords.Add(initial);
            var record = await host.CreateRecordAsync(list.Id, $"{marker} {r}", password: initial);
            var version = record.Version;
            for (var change = 0; change < 3; change++)
            {
                var next = NewPassword();
                passwords.Add(next);
                version = (await host.Records().SetPasswordAsync(new SetPasswordRequest
                {
                    Id = record.Id,
                    Version = version,
                    Password = next,
                    Reason = "plaintext test",
                }, cancellationToken: Ct)).Version;
            }

            Assert.Equal(passwords[^1], (await host.Records().RevealPasswordAsync(
                new RevealPasswordRequest { Id = record.Id, Reason = "plaintext test" }, cancellationToken: Ct)).Password);
            var history = await host.Records().GetPasswordHistoryAsync(
                new GetPasswordHistoryRequest { RecordId = record.Id }, cancellationToken: Ct);
            Assert.Equal(3, history.Entries.Count);
            Assert.Equal(passwords[^4], (await host.Records().RevealHistoryEntryAsync(new RevealHistoryEntryRequest
            {
                RecordId = record.Id,
                EntryId = history.Entries[^1].Id,
                Reason = "plaintext test",
            }, cancellationToken: Ct)).Password);
        }

        host.AssertNoErrorsLogged();
        var (database, wal) = host.ReadDatabaseFiles();
        var files = new[] { ("database", database), ("write-ahead log", wal) };
        Assert.NotEmpty(database);
        Assert.Contains(files, f => Contains(f.Item2, Encoding.UTF8.GetBytes(marker)));
        var logs = host.Logs.AllText();
        Assert.Contains("revealed", logs, StringComparison.Ordinal);

        foreach (var password in passwords)
        {
            foreach (var (name, bytes) in files)
            {
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(password)), $"A password appears in clear (UTF-8) in the {name}.");
                Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(password)), $"A password appears in clear (UTF-16LE) in the {name}.");
                Assert.False(Contains(bytes, Encoding.BigEndianUnicode.GetBytes(password)), $"A password appears in clear (UTF-16BE) in the {name}.");
            }

            Assert.False(logs.Contains(password, StringComparison.Ordinal), "A password appears in the captured logs.");
        }
    }

    // Random, distinctive, and long enough that a chance match in ciphertext is impossible.
    private static string NewPassword() =>
        "Pw!" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('/', '_').Replace('+', '-');

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
