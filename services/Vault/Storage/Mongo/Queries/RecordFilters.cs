using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;
using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Storage.Mongo.Queries;

/// <summary>
/// The guards of every record write. Each step of the rotation protocol is one conditional single-document update:
/// the filter states the condition, so a concurrent writer or a stale actor simply matches nothing.
/// </summary>
internal static class RecordFilters
{
    private static FilterDefinitionBuilder<RecordDocument> F => Builders<RecordDocument>.Filter;

    public static FilterDefinition<RecordDocument> ById(string id) => F.Eq(d => d.Id, id);

    public static FilterDefinition<RecordDocument> Live(string id) => ById(id) & F.Eq(d => d.DeletedAt, null);

    /// <summary>A live record at the version the caller read.</summary>
    public static FilterDefinition<RecordDocument> LiveAtVersion(string id, long expectedVersion) =>
        Live(id) & F.Eq(d => d.Version, expectedVersion);

    /// <summary>A check outcome of a batch: a live record, at the version the check read when it says one.</summary>
    public static FilterDefinition<RecordDocument> SyncStateGuard(string id, long? expectedVersion) =>
        expectedVersion is { } version ? LiveAtVersion(id, version) : Live(id);

    /// <summary>Password edits and deletion: live, at the caller's version, and no rotation in flight.</summary>
    public static FilterDefinition<RecordDocument> LiveAtVersionWithoutPending(string id, long expectedVersion) =>
        LiveAtVersion(id, expectedVersion) & F.Eq(d => d.Pending, null);

    /// <summary>
    /// Begin: a live record with no pending rotation. (A begin of the rotation already pending changes nothing and is
    /// answered before any write, so this guard never overwrites a rotation in flight, not even its own.)
    /// </summary>
    public static FilterDefinition<RecordDocument> CanBegin(string id) => Live(id) & F.Eq(d => d.Pending, null);

    /// <summary>Commit, abort, mark out of sync: only the record's own pending rotation.</summary>
    public static FilterDefinition<RecordDocument> HasRotation(string id, string rotationId) =>
        ById(id) & F.Eq(d => d.Pending!.RotationId, rotationId);

    /// <summary>Lease renewal: the pending rotation is this one and still held by this owner.</summary>
    public static FilterDefinition<RecordDocument> HasRotationOwnedBy(string id, string rotationId, string owner) =>
        HasRotation(id, rotationId) & F.Eq(d => d.Pending!.Owner, owner);

    /// <summary>Claim: a pending rotation whose lease has expired at <paramref name="now"/>.</summary>
    public static FilterDefinition<RecordDocument> LeaseExpired(string id, DateTimeOffset now) =>
        ById(id) & F.Lte(d => d.Pending!.LeaseExpiresAt, BsonDates.ToBson(now));

    /// <summary>Restore: deleted no earlier than <paramref name="restorableSince"/>, at the caller's version.</summary>
    public static FilterDefinition<RecordDocument> Restorable(string id, long expectedVersion,
        DateTimeOffset restorableSince) =>
        ById(id) & F.Eq(d => d.Version, expectedVersion)
        & F.Gte(d => d.DeletedAt, BsonDates.ToBson(restorableSince));

    public static FilterDefinition<RecordDocument> DeletedBefore(DateTimeOffset before) =>
        F.Lt(d => d.DeletedAt, BsonDates.ToBson(before));

    public static FilterDefinition<RecordDocument> DeletedBefore(string id, DateTimeOffset before) =>
        ById(id) & DeletedBefore(before);

    public static FilterDefinition<RecordDocument> InList(string listId) => F.Eq(d => d.ListId, listId);

    /// <summary>Records of a list matching every given criterion as a case-insensitive substring.</summary>
    public static FilterDefinition<RecordDocument> Search(RecordQuery query)
    {
        var filter = InList(query.ListId);
        if (query.OnlyDeleted)
        {
            filter &= F.Ne(d => d.DeletedAt, null);
        }
        else if (!query.IncludeDeleted)
        {
            filter &= F.Eq(d => d.DeletedAt, null);
        }

        if (!string.IsNullOrEmpty(query.Title))
        {
            filter &= F.Regex(d => d.TitleLower, Contains(query.Title));
        }

        if (!string.IsNullOrEmpty(query.UserName))
        {
            filter &= F.Regex(d => d.UserNameLower, Contains(query.UserName));
        }

        if (!string.IsNullOrEmpty(query.DomainOrHost))
        {
            filter &= F.Regex(d => d.DomainOrHostLower, Contains(query.DomainOrHost));
        }

        return filter;
    }

    /// <summary>
    /// A substring match on a lowercase shadow field: the user's text is lowercased and regex-escaped, so "a.*(b)"
    /// finds that literal text and can never become a pattern (nor an expensive one).
    /// </summary>
    public static BsonRegularExpression Contains(string text) => new(Regex.Escape(text.ToLowerInvariant()));

    public static FilterDefinition<RecordDocument> IdAfter(string id) => F.Gt(d => d.Id, id);

    /// <summary>Records with a pending rotation, only those expired at <paramref name="expiredAt"/> when given.</summary>
    public static FilterDefinition<RecordDocument> Pending(DateTimeOffset? expiredAt) =>
        expiredAt is { } at
            ? F.Lte(d => d.Pending!.LeaseExpiresAt, BsonDates.ToBson(at))
            : F.Ne(d => d.Pending, null);

    /// <summary>Keyset position after (lease expiry, id) for <see cref="Pending"/>.</summary>
    public static FilterDefinition<RecordDocument> PendingAfter(DateTime leaseExpiresAt, string id) =>
        F.Or(
            F.Gt(d => d.Pending!.LeaseExpiresAt, leaseExpiresAt),
            F.Eq(d => d.Pending!.LeaseExpiresAt, leaseExpiresAt) & F.Gt(d => d.Id, id));

    public static SortDefinition<RecordDocument> ById() => Builders<RecordDocument>.Sort.Ascending(d => d.Id);

    public static SortDefinition<RecordDocument> ByLeaseExpiry() =>
        Builders<RecordDocument>.Sort.Ascending(d => d.Pending!.LeaseExpiresAt).Ascending(d => d.Id);

    /// <summary>Key rotation: records whose data key is wrapped by another KEK version, after an id.</summary>
    public static FilterDefinition<RecordDocument> DataKeyNotUnder(int kekVersion, string? afterId)
    {
        var filter = F.Ne(d => d.DataKey.KekVersion, kekVersion);
        return afterId is null ? filter : filter & IdAfter(afterId);
    }

    /// <summary>Key rotation compare-and-set: the data key is still exactly the one that was re-wrapped.</summary>
    public static FilterDefinition<RecordDocument> DataKeyIs(string id, int kekVersion, byte[] wrapped) =>
        ById(id) & F.Eq(d => d.DataKey.KekVersion, kekVersion) & F.Eq(d => d.DataKey.Wrapped, wrapped);
}
