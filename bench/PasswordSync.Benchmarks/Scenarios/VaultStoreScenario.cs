extern alias VaultService;

using System.Diagnostics;
using System.Security.Cryptography;
using PasswordSync.Benchmarks.Reporting;
using VaultService::PasswordSync.Vault.Crypto;
using VaultService::PasswordSync.Vault.Model;
using VaultService::PasswordSync.Vault.Storage.Sqlite;

namespace PasswordSync.Benchmarks.Scenarios;

/// <summary>
/// (6) The vault's SQLite store in-process (record create = list check + insert + hash-chained audit event in one
/// BEGIN IMMEDIATE transaction with synchronous=FULL; read = one select of a record) against a raw
/// Microsoft.Data.Sqlite loop of the same statements with the same pragmas on one open connection with prepared
/// commands (<see cref="RawRecordStatements"/>): the store's own overhead over SQLite.
/// </summary>
internal static class VaultStoreScenario
{
    public static async Task RunAsync(BenchOptions options, ResultTable table)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("pwsync-bench-store-").FullName;
        try
        {
            var n = options.StoreOperations;
            var (storeWrites, storeReads) = await MeasureStoreAsync(Path.Combine(folder, "store.db"), n);
            var (rawWrites, rawReads) = await MeasureRawAsync(Path.Combine(folder, "raw.db"), n);
            table.Add(new ResultRow("6", "vault store record writes (SQLite, durable)", Figures.Rate(storeWrites),
                Figures.Rate(rawWrites), storeWrites / rawWrites,
                Note: $"{Figures.Count(n)} creates, one at a time (SQLite has one writer), raw = same statements and pragmas"));
            table.Add(new ResultRow("6", "vault store record reads (SQLite)", Figures.Rate(storeReads),
                Figures.Rate(rawReads), storeReads / rawReads, Note: $"{Figures.Count(n)} reads by id, one at a time"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(double Writes, double Reads)> MeasureStoreAsync(string path, int n)
    {
        using var store = new SqliteVaultStore(new SqliteStoreOptions { Path = path }, TimeProvider.System);
        await store.InitializeAsync(CancellationToken.None);
        var listId = await CreateListAsync(store);
        var records = Enumerable.Range(0, n).Select(i => NewRecord(listId, i)).ToArray();

        var clock = Stopwatch.StartNew();
        foreach (var record in records)
        {
            await store.Records.CreateAsync(record, Audit(), CancellationToken.None);
        }

        var writes = n / clock.Elapsed.TotalSeconds;
        clock.Restart();
        foreach (var record in records)
        {
            _ = await store.Records.GetAsync(record.Id, CancellationToken.None)
                ?? throw new InvalidOperationException($"The store lost record {record.Id}.");
        }

        return (writes, n / clock.Elapsed.TotalSeconds);
    }

    private static async Task<(double Writes, double Reads)> MeasureRawAsync(string path, int n)
    {
        // The same schema, made by the store itself, then closed: the raw loop works on its file alone.
        string listId;
        using (var store = new SqliteVaultStore(new SqliteStoreOptions { Path = path }, TimeProvider.System))
        {
            await store.InitializeAsync(CancellationToken.None);
            listId = await CreateListAsync(store);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var raw = RawRecordStatements.Open(path);
        var records = Enumerable.Range(0, n).Select(i => NewRecord(listId, i)).ToArray();
        var clock = Stopwatch.StartNew();
        foreach (var record in records)
        {
            raw.Create(record, Audit());
        }

        var writes = n / clock.Elapsed.TotalSeconds;
        clock.Restart();
        foreach (var record in records)
        {
            if (!raw.Read(record.Id))
            {
                throw new InvalidOperationException($"The raw loop lost record {record.Id}.");
            }
        }

        return (writes, n / clock.Elapsed.TotalSeconds);
    }

    private static async Task<string> CreateListAsync(SqliteVaultStore store)
    {
        var list = await store.Lists.CreateAsync(new PasswordList
        {
            Id = Guid.NewGuid().ToString("N"),
            Name = "bench-store",
            Fields = new FieldConfiguration(StandardFields.Title | StandardFields.UserName | StandardFields.AccountType,
                [new GenericField("generic1", "Domain or Host")]),
        }, new AuditDraft { Action = AuditAction.ListCreated, Actor = "benchmark" }, CancellationToken.None);
        return list.Id;
    }

    // Secrets are random bytes of the sizes the vault writes (a wrapped 32-byte key, a sealed 24-character password).
    private static PasswordRecord NewRecord(string listId, int i) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        ListId = listId,
        Title = $"bench-{i:D6}",
        UserName = $"bench-{i:D6}",
        AccountType = AccountKind.Windows,
        GenericValues = new Dictionary<string, string> { ["generic1"] = "pwsync.test" },
        DomainOrHost = "pwsync.test",
        DataKey = new WrappedDataKey(1, RandomNumberGenerator.GetBytes(60)),
        SealedPassword = RandomNumberGenerator.GetBytes(52),
        PasswordChangedAt = DateTimeOffset.UtcNow,
    };

    private static AuditDraft Audit() => new() { Action = AuditAction.RecordCreated, Actor = "benchmark" };
}
