using MongoDB.Bson;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Storage.Mongo;
using PasswordSync.Vault.Storage.Mongo.Documents;
using PasswordSync.Vault.Storage.Mongo.Queries;

namespace PasswordSync.Vault.Tests.Storage.Mongo;

/// <summary>
/// The batched sync-state write on MongoDB as the BSON the server receives (no server can run here: the contract suite
/// runs it for real when PASSWORDSYNC_TEST_MONGODB is set): each item's guard and update, and how a miss is explained.
/// </summary>
public sealed class SyncStateBatchRenderingTests
{
    private static readonly DateTimeOffset Verified = new(2026, 11, 25, 10, 30, 15, 123, TimeSpan.Zero);

    [Fact]
    public void An_item_with_the_version_its_check_read_matches_only_that_live_version()
    {
        var rendered = Rendered.Of(RecordFilters.SyncStateGuard("r1", 7));

        Assert.Equal(Rendered.Json("""{ "_id": "r1", "deleted_at": null, "version": { "$numberLong": "7" } }"""),
            rendered);
        Assert.Equal(BsonType.Int64, rendered["version"].BsonType);
    }

    [Fact]
    public void An_item_without_a_version_matches_the_live_record_as_the_single_call_does()
    {
        Assert.Equal(Rendered.Json("""{ "_id": "r1", "deleted_at": null }"""),
            Rendered.Of(RecordFilters.SyncStateGuard("r1", null)));
        Assert.Equal(Rendered.Of(RecordFilters.Live("r1")), Rendered.Of(RecordFilters.SyncStateGuard("r1", null)));
    }

    [Fact]
    public void The_update_sets_state_reason_verification_time_and_baseline_and_bumps_the_version()
    {
        var rendered = Rendered.Of(RecordUpdates.SyncState(SyncState.OutOfSync, "CHANGED_OUTSIDE: x", "1338",
            Verified, Verified.AddSeconds(1)));

        var set = rendered["$set"].AsBsonDocument;
        Assert.Equal("OutOfSync", set["sync_state"].AsString);
        Assert.Equal("CHANGED_OUTSIDE: x", set["sync_reason"].AsString);
        Assert.Equal("1338", set["directory_password_last_set"].AsString);
        Assert.Equal(Verified.ToUnixTimeMilliseconds(), set["last_verified_at"].AsBsonDateTime.MillisecondsSinceEpoch);
        Assert.Equal(1L, rendered["$inc"]["version"].AsInt64);
        Assert.False(set.Contains("password"));
        Assert.False(set.Contains("pending"));
    }

    [Fact]
    public void Without_a_baseline_the_stored_one_is_left_alone()
    {
        var set = Rendered.Of(RecordUpdates.SyncState(SyncState.InSync, "", null, Verified, Verified))["$set"]
            .AsBsonDocument;

        Assert.False(set.Contains("directory_password_last_set"));
    }

    [Fact]
    public void A_missed_item_is_not_found_when_gone_or_deleted_and_a_version_conflict_when_changed()
    {
        var deleted = new RecordDocument { Id = "r1", Version = 4, DeletedAt = DateTime.UtcNow };
        var changed = new RecordDocument { Id = "r1", Version = 5 };

        Assert.Equal(StoreError.NotFound, RecordRefusals.ForSyncState(null, "r1", 4).Error);
        Assert.Equal(StoreError.NotFound, RecordRefusals.ForSyncState(deleted, "r1", 4).Error);
        Assert.Equal(StoreError.NotFound, RecordRefusals.ForSyncState(changed, "r1", null).Error);
        var conflict = RecordRefusals.ForSyncState(changed, "r1", 4);
        Assert.Equal(StoreError.VersionConflict, conflict.Error);
        Assert.Contains("version 5, not 4", conflict.Message, StringComparison.Ordinal);
    }
}
