using System.Text;
using Google.Protobuf.WellKnownTypes;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Tests.Security;

/// <summary>
/// Secrets written through these APIs (pending and committed passwords, target credentials, API keys) never reach
/// the SQLite database file or its WAL in clear, in UTF-8 or UTF-16.
/// </summary>
public sealed class SecretsAtRestTests
{
    [Fact]
    public async Task No_secret_written_through_the_API_appears_in_the_database_files()
    {
        const string current = "AtRest-Current-Pa55!";
        const string committed = "AtRest-Committed-Pa55!";
        const string pending = "AtRest-Pending-Pa55!";
        const string privileged = "AtRest-Privileged-Pa55!";
        var cancellationToken = TestContext.Current.CancellationToken;
        using var state = new VaultHostState();
        string apiKey;
        await using (var host = MtlsVaultHost.Start(state))
        {
            await new TargetService.TargetServiceClient(host.AsGateway()).CreateTargetAsync(
                GatewayIdentityTests.ValidTarget("pwsync.test", privileged), cancellationToken: cancellationToken);
            var journal = new RotationJournal.RotationJournalClient(host.AsGateway());
            var rotated = await host.SeedRecordAsync(current);
            var rotationId = MtlsVaultHost.NewId();
            await journal.BeginRotationAsync(Begin(rotated.Id, rotationId, committed), cancellationToken: cancellationToken);
            await journal.CommitRotationAsync(new CommitRotationRequest
            {
                RequestId = MtlsVaultHost.NewId(),
                RecordId = rotated.Id,
                RotationId = rotationId,
            }, cancellationToken: cancellationToken);
            var inFlight = await host.SeedRecordAsync(current);
            await journal.BeginRotationAsync(Begin(inFlight.Id, MtlsVaultHost.NewId(), pending),
                cancellationToken: cancellationToken);
            apiKey = (await new ApiKeyService.ApiKeyServiceClient(host.AsGateway()).CreateApiKeyAsync(
                new CreateApiKeyRequest { Name = "at-rest", Permissions = { ApiPermission.Read } },
                cancellationToken: cancellationToken)).ApiKey;

            // While the host runs, recent writes may still sit in the WAL: search both files now.
            AssertAbsent(state, current, committed, pending, privileged, apiKey);
        }

        AssertAbsent(state, current, committed, pending, privileged, apiKey);
    }

    private static void AssertAbsent(VaultHostState state, params string[] secrets)
    {
        var files = Directory.GetFiles(state.Directory, "vault.db*");
        Assert.Contains(files, f => f.EndsWith("vault.db", StringComparison.Ordinal));
        // The control: a non-secret value written in the same calls is found, so the search can find text.
        var controlFound = false;
        foreach (var file in files)
        {
            byte[] content;
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read,
                    FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                content = copy.ToArray();
            }
            catch (FileNotFoundException) when (!file.EndsWith("vault.db", StringComparison.Ordinal))
            {
                // SQLite removes -wal/-shm when the last connection closes (after a checkpoint into vault.db, which is
                // searched): a file gone between listing and reading holds nothing any more.
                continue;
            }

            controlFound |= content.AsSpan().IndexOf("DC=pwsync,DC=test"u8) >= 0;

            foreach (var secret in secrets)
            {
                Assert.True(content.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0,
                    $"{Path.GetFileName(file)} holds a secret in UTF-8");
                Assert.True(content.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) < 0,
                    $"{Path.GetFileName(file)} holds a secret in UTF-16");
            }
        }

        Assert.True(controlFound, "the target's base DN was not found in the database files");
    }

    private static BeginRotationRequest Begin(string recordId, string rotationId, string password) => new()
    {
        RequestId = MtlsVaultHost.NewId(),
        RecordId = recordId,
        RotationId = rotationId,
        NewPassword = password,
        Owner = "gateway-1",
        Lease = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)),
    };
}
