using Microsoft.Extensions.Time.Testing;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Tests.Storage.Contract;

namespace PasswordSync.Vault.Tests.Storage.Sqlite;

/// <summary>Someone with write access to the file edits the audit table directly: verification must notice.</summary>
public sealed class SqliteAuditTamperTests : IDisposable
{
    private readonly SqliteTestDatabase database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<IVaultStore> StoreWithEventsAsync(int count)
    {
        var store = await database.OpenStoreAsync(new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)));
        for (var i = 0; i < count; i++)
        {
            await store.Audit.AppendAsync(null, ContractData.Draft(AuditAction.PasswordRevealed) with { RecordId = $"r{i}" }, Ct);
        }

        Assert.True((await store.Audit.VerifyAsync(Ct)).Valid);
        return store;
    }

    private void Tamper(string sql)
    {
        using var connection = database.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    [Theory]
    [InlineData("UPDATE audit_events SET detail = 'nothing to see' WHERE sequence = 3")]
    [InlineData("UPDATE audit_events SET actor = 'mallory' WHERE sequence = 3")]
    [InlineData("UPDATE audit_events SET time = time + 1 WHERE sequence = 3")]
    [InlineData("UPDATE audit_events SET action = 1 WHERE sequence = 3")]
    public async Task A_modified_event_is_reported_at_its_sequence(string tamper)
    {
        var store = await StoreWithEventsAsync(5);

        Tamper(tamper);
        var verification = await store.Audit.VerifyAsync(Ct);

        Assert.False(verification.Valid);
        Assert.Equal(3, verification.FirstInvalidSequence);
        Assert.Equal(2, verification.HeadSequence);
        Assert.Contains("3", verification.Problem);
    }

    [Fact]
    public async Task A_modified_event_with_a_recomputed_hash_breaks_the_next_link()
    {
        var store = await StoreWithEventsAsync(5);
        var third = (await store.Audit.QueryAsync(new AuditQuery(), PageRequest.First(), Ct)).Items[2];
        var forged = third with { Detail = "forged" };
        var forgedHash = Convert.ToHexString(AuditChain.ComputeHash(forged));

        Tamper($"UPDATE audit_events SET detail = 'forged', hash = X'{forgedHash}' WHERE sequence = 3");
        var verification = await store.Audit.VerifyAsync(Ct);

        Assert.False(verification.Valid);
        Assert.Equal(4, verification.FirstInvalidSequence);
    }

    [Fact]
    public async Task A_removed_event_is_reported_as_a_gap()
    {
        var store = await StoreWithEventsAsync(5);

        Tamper("DELETE FROM audit_events WHERE sequence = 2");
        var verification = await store.Audit.VerifyAsync(Ct);

        Assert.False(verification.Valid);
        Assert.Equal(2, verification.FirstInvalidSequence);
        Assert.Contains("missing", verification.Problem);
    }

    public void Dispose() => database.Dispose();
}
