using MongoDB.Bson;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Storage.Mongo.Documents;
using PasswordSync.Vault.Storage.Mongo.Queries;

namespace PasswordSync.Vault.Tests.Storage.Mongo;

/// <summary>What each record write changes, as the update document the server receives.</summary>
public sealed class RecordUpdateRenderingTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 30, 15, 123, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = At.AddSeconds(7);

    [Fact]
    public void Commit_makes_pending_current_pushes_the_previous_to_bounded_history_and_bumps_the_version()
    {
        var previous = new PasswordHistoryEntry
        {
            Id = "h1",
            RecordId = "r1",
            SealedPassword = [9, 9],
            ReplacedAt = At,
            ChangedBy = "alice",
            Reason = "rot-1",
        };
        var rendered = Rendered.Of(RecordUpdates.Commit(new RotationCommit([7, 7, 7], previous, "134000000", At), Now));

        var set = rendered["$set"].AsBsonDocument;
        Assert.Equal(new byte[] { 7, 7, 7 }, set["password"].AsByteArray);
        Assert.Equal(BsonNull.Value, set["pending"]);
        Assert.Equal("InSync", set["sync_state"].AsString);
        Assert.Equal("", set["sync_reason"].AsString);
        Assert.Equal("134000000", set["directory_password_last_set"].AsString);
        Assert.Equal(At.ToUnixTimeMilliseconds(), set["last_synced_at"].AsBsonDateTime.MillisecondsSinceEpoch);
        Assert.Equal(At.ToUnixTimeMilliseconds(), set["password_changed_at"].AsBsonDateTime.MillisecondsSinceEpoch);
        Assert.Equal(Now.ToUnixTimeMilliseconds(), set["updated_at"].AsBsonDateTime.MillisecondsSinceEpoch);
        Assert.Equal(1L, rendered["$inc"]["version"].AsInt64);

        var push = rendered["$push"]["history"].AsBsonDocument;
        Assert.Equal(-RecordDocumentMapper.MaxHistoryEntries, push["$slice"].AsInt32);
        var entry = push["$each"].AsBsonArray.Single().AsBsonDocument;
        Assert.Equal(BsonType.Binary, entry["password"].BsonType);
        Assert.Equal("alice", entry["changed_by"].AsString);
    }

    [Fact]
    public void Commit_without_a_previous_password_pushes_nothing()
    {
        var rendered = Rendered.Of(RecordUpdates.Commit(new RotationCommit([7], null, "", At), Now));

        Assert.False(rendered.Contains("$push"));
    }

    [Fact]
    public void Abort_drops_pending_keeps_the_reason_and_leaves_the_password_alone()
    {
        var rendered = Rendered.Of(RecordUpdates.Abort("PASSWORD_POLICY: too short", At));

        var set = rendered["$set"].AsBsonDocument;
        Assert.Equal(BsonNull.Value, set["pending"]);
        Assert.Equal("PASSWORD_POLICY: too short", set["sync_reason"].AsString);
        Assert.False(set.Contains("password"));
        Assert.Equal(1L, rendered["$inc"]["version"].AsInt64);
    }

    [Fact]
    public void Claim_moves_the_lease_to_the_new_owner_and_counts_the_claim()
    {
        var rendered = Rendered.Of(RecordUpdates.Claim("reconciler-2", At.AddMinutes(5), At));

        Assert.Equal("reconciler-2", rendered["$set"]["pending.owner"].AsString);
        Assert.Equal(At.AddMinutes(5).ToUnixTimeMilliseconds(),
            rendered["$set"]["pending.lease_expires_at"].AsBsonDateTime.MillisecondsSinceEpoch);
        Assert.Equal(1, rendered["$inc"]["pending.claim_count"].AsInt32);
        Assert.Equal(1L, rendered["$inc"]["version"].AsInt64);
    }

    [Fact]
    public void Lease_renewal_only_moves_the_lease()
    {
        var rendered = Rendered.Of(RecordUpdates.RenewLease(At));

        Assert.Equal(Rendered.Json("""{ "$set": { "pending.lease_expires_at": { "$date": "2026-11-25T10:30:15.123Z" } } }"""),
            rendered);
    }

    [Fact]
    public void Begin_stores_the_sealed_pending_password_as_binary()
    {
        var pending = RecordDocumentMapper.ToDocument(new PendingRotation
        {
            RotationId = "rot-1",
            SealedPassword = [1, 2],
            Owner = "gw-1",
            LeaseExpiresAt = At.AddMinutes(2),
            StartedAt = At,
        });
        var rendered = Rendered.Of(RecordUpdates.Begin(pending, Now));

        var stored = rendered["$set"]["pending"].AsBsonDocument;
        Assert.Equal("rot-1", stored["rotation_id"].AsString);
        Assert.Equal(BsonType.Binary, stored["password"].BsonType);
        Assert.Equal(BsonType.DateTime, stored["lease_expires_at"].BsonType);
        Assert.Equal(1L, rendered["$inc"]["version"].AsInt64);
    }

    [Fact]
    public void A_field_update_never_touches_secrets_pending_history_sync_state_or_deletion()
    {
        var record = new PasswordRecord
        {
            Id = "r1",
            ListId = "l1",
            Title = "Web Server",
            UserName = "CORP\\Admin",
            DomainOrHost = "Corp.Example",
            DataKey = new WrappedDataKey(1, [5]),
            SealedPassword = [6],
        };
        var rendered = Rendered.Of(RecordUpdates.Fields(RecordDocumentMapper.ToDocument(record), At));

        var set = rendered["$set"].AsBsonDocument;
        Assert.Equal("web server", set["title_lower"].AsString);
        Assert.Equal("corp\\admin", set["user_name_lower"].AsString);
        Assert.Equal("corp.example", set["domain_or_host_lower"].AsString);
        foreach (var untouched in new[] { "password", "data_key", "pending", "history", "sync_state", "deleted_at", "list_id" })
        {
            Assert.False(set.Contains(untouched), untouched);
        }
    }

    [Fact]
    public void Rewrapping_a_data_key_does_not_bump_the_version()
    {
        var rendered = Rendered.Of(RecordUpdates.ReplaceDataKey(3, [4, 4]));

        Assert.False(rendered.Contains("$inc"));
        Assert.Equal(3, rendered["$set"]["data_key"]["kek_version"].AsInt32);
    }
}
