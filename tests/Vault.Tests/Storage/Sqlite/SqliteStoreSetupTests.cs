using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Storage.Sqlite;
using PasswordSync.Vault.Tests.Storage.Contract;

namespace PasswordSync.Vault.Tests.Storage.Sqlite;

public sealed class SqliteStoreSetupTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly SqliteTestDatabase database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Store_connections_are_durable_wal_with_foreign_keys_and_a_busy_timeout()
    {
        var store = await database.OpenStoreAsync(TimeProvider.System);

        var (synchronous, journal, foreignKeys, busy) = await store.Database.ReadAsync(async s => (
            (long)(await s.ScalarAsync("PRAGMA synchronous", Ct))!,
            (string)(await s.ScalarAsync("PRAGMA journal_mode", Ct))!,
            (long)(await s.ScalarAsync("PRAGMA foreign_keys", Ct))!,
            (long)(await s.ScalarAsync("PRAGMA busy_timeout", Ct))!), Ct);
        var writerSynchronous = await store.Database.WriteAsync(
            async s => (long)(await s.ScalarAsync("PRAGMA synchronous", Ct))!, Ct);

        Assert.Equal(2, synchronous); // 2 = FULL: a commit waits for the WAL's fsync.
        Assert.Equal(2, writerSynchronous);
        Assert.Equal("wal", journal);
        Assert.Equal(1, foreignKeys);
        Assert.Equal(30_000, busy);
    }

    [Fact]
    public async Task Initialize_is_idempotent_and_records_the_schema_version()
    {
        var clock = new FakeTimeProvider(Start);
        var store = await database.OpenStoreAsync(clock);
        var list = await store.Lists.CreateAsync(ContractData.List(), ContractData.Draft(AuditAction.ListCreated), Ct);

        await store.InitializeAsync(Ct);
        var again = await database.OpenStoreAsync(clock);

        Assert.NotNull(await again.Lists.GetAsync(list.Id, Ct));
        var versions = await store.Database.ReadAsync(
            s => s.QueryAsync("SELECT version FROM schema_version", r => r.GetInt64(0), Ct), Ct);
        Assert.Equal([1L], versions);
    }

    [Fact]
    public async Task Times_are_stored_as_utc_milliseconds()
    {
        var store = await database.OpenStoreAsync(new FakeTimeProvider(Start));
        var list = await store.Lists.CreateAsync(ContractData.List(), ContractData.Draft(AuditAction.ListCreated), Ct);
        var expires = new DateTimeOffset(2027, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(-5));
        var record = await store.Records.CreateAsync(ContractData.Record(list.Id) with { ExpiresAt = expires },
            ContractData.Draft(AuditAction.RecordCreated), Ct);

        var stored = await store.Database.ReadAsync(async s => (long)(await s.ScalarAsync(
            "SELECT expires_at FROM records WHERE id = @id", Ct, ("@id", record.Id)))!, Ct);

        Assert.Equal(expires.ToUnixTimeMilliseconds(), stored);
        Assert.Equal(TimeSpan.Zero, (await store.Records.GetAsync(record.Id, Ct))!.ExpiresAt!.Value.Offset);
    }

    [Fact]
    public async Task Service_registration_creates_the_schema_at_start_up()
    {
        var services = new ServiceCollection();
        services.AddSqliteVaultStore(database.Path);
        await using var provider = services.BuildServiceProvider();

        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(Ct);
        }

        var store = provider.GetRequiredService<IVaultStore>();
        Assert.Same(provider.GetRequiredService<SqliteVaultStore>(), store);
        var list = await store.Lists.CreateAsync(ContractData.List(), ContractData.Draft(AuditAction.ListCreated), Ct);
        Assert.NotNull(await store.Lists.GetAsync(list.Id, Ct));
    }

    [Fact]
    public void Registration_without_a_path_is_refused()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentException>(() => services.AddSqliteVaultStore(" "));
    }

    [Fact]
    public void An_in_memory_database_is_refused_with_a_reason()
    {
        var refused = Assert.Throws<ArgumentException>(
            () => new SqliteVaultStore(new SqliteStoreOptions { Path = ":memory:" }, TimeProvider.System));
        Assert.Contains("database file path", refused.Message);
    }

    public void Dispose() => database.Dispose();
}
