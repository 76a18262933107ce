using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;

namespace PasswordSync.Vault.Tests.Storage.Contract;

/// <summary>
/// The contract every <see cref="IVaultStore"/> passes. A concrete subclass per implementation supplies a fresh, empty,
/// initialised store for each test, built with <see cref="Clock"/> as its time provider (audit times, CreatedAt and
/// UpdatedAt come from it). Nothing here knows which database is underneath.
/// </summary>
/// <remarks>
/// A store that needs a server it cannot find skips every test with the reason, e.g.
/// <code>
/// protected override async Task&lt;IVaultStore&gt; CreateStoreAsync()
/// {
///     var connection = Environment.GetEnvironmentVariable("PASSWORDSYNC_TEST_MONGODB");
///     if (string.IsNullOrEmpty(connection)) Assert.Skip("PASSWORDSYNC_TEST_MONGODB is not set");
///     var store = new MongoVaultStore(..., Clock); // a fresh database per test
///     await store.InitializeAsync(Ct);
///     return store;
/// }
/// </code>
/// </remarks>
public abstract partial class VaultStoreContractTests
{
    protected static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The store's clock; pass it to the store built by <see cref="CreateStoreAsync"/>.</summary>
    protected FakeTimeProvider Clock { get; } = new(Start);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty store (InitializeAsync already called) using <see cref="Clock"/>.</summary>
    protected abstract Task<IVaultStore> CreateStoreAsync();

    protected async Task<(IVaultStore Store, PasswordList List)> CreateStoreWithListAsync()
    {
        var store = await CreateStoreAsync();
        var list = await store.Lists.CreateAsync(ContractData.List(), ContractData.Draft(AuditAction.ListCreated), Ct);
        return (store, list);
    }

    protected static Task<PasswordRecord> AddRecordAsync(IVaultStore store, PasswordRecord record) =>
        store.Records.CreateAsync(record, ContractData.Draft(AuditAction.RecordCreated), Ct);

    protected static async Task<StoreException> AssertRefusedAsync(StoreError expected, Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<StoreException>(call);
        Assert.Equal(expected, refused.Error);
        return refused;
    }

    protected static async Task<long> AuditHeadAsync(IVaultStore store) =>
        (await store.Audit.VerifyAsync(Ct)).HeadSequence;

    protected static async Task<List<AuditEvent>> AllEventsAsync(IVaultStore store, AuditQuery? query = null)
    {
        var events = new List<AuditEvent>();
        var page = PageRequest.First(100);
        for (var pages = 0; pages < 1000; pages++)
        {
            var result = await store.Audit.QueryAsync(query ?? new AuditQuery(), page, Ct);
            events.AddRange(result.Items);
            if (result.NextPageToken.Length == 0)
            {
                return events;
            }

            page = new PageRequest(100, result.NextPageToken);
        }

        throw new InvalidOperationException("The audit query never reached its last page.");
    }

    /// <summary>Asserts that exactly one event, of <paramref name="action"/>, was appended since <paramref name="headBefore"/>.</summary>
    protected static async Task<AuditEvent> AssertOneEventAsync(IVaultStore store, long headBefore, AuditAction action)
    {
        var verification = await store.Audit.VerifyAsync(Ct);
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(headBefore + 1, verification.HeadSequence);
        var last = (await AllEventsAsync(store)).Single(e => e.Sequence == verification.HeadSequence);
        Assert.Equal(action, last.Action);
        return last;
    }

    protected static async Task AssertNoEventAsync(IVaultStore store, long headBefore) =>
        Assert.Equal(headBefore, await AuditHeadAsync(store));

    /// <summary>A structural snapshot (byte arrays as base64, generic values sorted) to compare whole records.</summary>
    protected static string Snapshot(PasswordRecord? record) => JsonSerializer.Serialize(record is null
        ? null
        : record with { GenericValues = new SortedDictionary<string, string>(record.GenericValues.ToDictionary()) });

    protected static string Snapshot<T>(T value) => JsonSerializer.Serialize(value);

    protected static async Task<List<T>> ReadAllPagesAsync<T>(Func<PageRequest, Task<Page<T>>> query, int pageSize,
        Action<Page<T>>? onPage = null)
    {
        var items = new List<T>();
        var page = PageRequest.First(pageSize);
        for (var pages = 0; pages < 1000; pages++)
        {
            var result = await query(page);
            Assert.True(result.Items.Count <= pageSize);
            onPage?.Invoke(result);
            items.AddRange(result.Items);
            if (result.NextPageToken.Length == 0)
            {
                return items;
            }

            page = new PageRequest(pageSize, result.NextPageToken);
        }

        throw new InvalidOperationException("The query never reached its last page.");
    }

    protected static DateTimeOffset Ms(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}
