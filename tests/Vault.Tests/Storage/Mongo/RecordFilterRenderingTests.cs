using MongoDB.Bson;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Storage.Mongo.Queries;

namespace PasswordSync.Vault.Tests.Storage.Mongo;

/// <summary>The guards of the rotation protocol and of versioned edits, as the BSON the server receives.</summary>
public sealed class RecordFilterRenderingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 30, 15, 123, TimeSpan.Zero);

    [Fact]
    public void Begin_writes_only_a_live_record_without_a_pending_rotation()
    {
        var rendered = Rendered.Of(RecordFilters.CanBegin("r1"));

        Assert.Equal(Rendered.Json("""{ "_id": "r1", "deleted_at": null, "pending": null }"""), rendered);
    }

    [Fact]
    public void Commit_and_abort_match_only_the_records_own_rotation_id()
    {
        var rendered = Rendered.Of(RecordFilters.HasRotation("r1", "rot-1"));

        Assert.Equal(Rendered.Json("""{ "_id": "r1", "pending.rotation_id": "rot-1" }"""), rendered);
    }

    [Fact]
    public void Claim_matches_only_a_lease_expired_at_now()
    {
        var rendered = Rendered.Of(RecordFilters.LeaseExpired("r1", Now));

        Assert.Equal("r1", rendered["_id"].AsString);
        var lease = rendered["pending.lease_expires_at"].AsBsonDocument["$lte"];
        Assert.Equal(BsonType.DateTime, lease.BsonType);
        Assert.Equal(Now.ToUnixTimeMilliseconds(), lease.AsBsonDateTime.MillisecondsSinceEpoch);
    }

    [Fact]
    public void Lease_renewal_requires_the_same_rotation_and_owner()
    {
        var rendered = Rendered.Of(RecordFilters.HasRotationOwnedBy("r1", "rot-1", "gateway-a"));

        Assert.Equal(Rendered.Json("""
            { "_id": "r1", "pending.rotation_id": "rot-1", "pending.owner": "gateway-a" }
            """), rendered);
    }

    [Fact]
    public void A_versioned_edit_matches_only_the_live_record_at_the_version_read()
    {
        var rendered = Rendered.Of(RecordFilters.LiveAtVersion("r1", 7));

        Assert.Equal(Rendered.Json("""{ "_id": "r1", "deleted_at": null, "version": { "$numberLong": "7" } }"""),
            rendered);
        Assert.Equal(BsonType.Int64, rendered["version"].BsonType);
    }

    [Fact]
    public void A_password_edit_or_delete_also_requires_no_rotation_in_flight()
    {
        var rendered = Rendered.Of(RecordFilters.LiveAtVersionWithoutPending("r1", 3));

        Assert.Equal(Rendered.Json("""
            { "_id": "r1", "deleted_at": null, "version": { "$numberLong": "3" }, "pending": null }
            """), rendered);
    }

    [Fact]
    public void Restore_requires_a_deletion_inside_the_restore_period()
    {
        var rendered = Rendered.Of(RecordFilters.Restorable("r1", 4, Now));

        Assert.Equal(Now.ToUnixTimeMilliseconds(),
            rendered["deleted_at"].AsBsonDocument["$gte"].AsBsonDateTime.MillisecondsSinceEpoch);
        Assert.Equal(4L, rendered["version"].AsInt64);
    }

    [Fact]
    public void Search_escapes_user_input_so_it_can_never_act_as_a_pattern()
    {
        var rendered = Rendered.Of(RecordFilters.Search(new RecordQuery("list-1", Title: "A.*(B)")));

        var regex = rendered["title_lower"].AsBsonRegularExpression;
        Assert.Equal(@"a\.\*\(b\)", regex.Pattern);
        Assert.Equal("", regex.Options);
        Assert.Matches(regex.Pattern, "my a.*(b) account");
        Assert.DoesNotMatch(regex.Pattern, "axxxb");
    }

    [Fact]
    public void Search_combines_every_criterion_on_lowercase_shadows_and_hides_deleted_records()
    {
        var rendered = Rendered.Of(RecordFilters.Search(
            new RecordQuery("list-1", Title: "Web", UserName: "ADMIN", DomainOrHost: "Corp.Example")));

        Assert.Equal("list-1", rendered["list_id"].AsString);
        Assert.Equal(BsonNull.Value, rendered["deleted_at"]);
        Assert.Equal("web", rendered["title_lower"].AsBsonRegularExpression.Pattern);
        Assert.Equal("admin", rendered["user_name_lower"].AsBsonRegularExpression.Pattern);
        Assert.Equal(@"corp\.example", rendered["domain_or_host_lower"].AsBsonRegularExpression.Pattern);
    }

    [Fact]
    public void Search_for_deleted_records_only_asks_for_a_deletion_time()
    {
        var rendered = Rendered.Of(RecordFilters.Search(new RecordQuery("list-1", OnlyDeleted: true)));

        Assert.Equal(Rendered.Json("""{ "list_id": "list-1", "deleted_at": { "$ne": null } }"""), rendered);
    }

    [Fact]
    public void Pending_listing_uses_the_lease_and_pages_after_lease_then_id()
    {
        Assert.Equal(Rendered.Json("""{ "pending": { "$ne": null } }"""), Rendered.Of(RecordFilters.Pending(null)));
        Assert.Equal(Rendered.Json("""{ "pending.lease_expires_at": 1, "_id": 1 }"""),
            Rendered.Of(RecordFilters.ByLeaseExpiry()));

        var after = Rendered.Of(RecordFilters.PendingAfter(Now.UtcDateTime, "r9"));
        var branches = after["$or"].AsBsonArray;
        Assert.Equal(2, branches.Count);
        Assert.Equal("r9", branches[1]["_id"]["$gt"].AsString);
    }

    [Fact]
    public void Key_rotation_replaces_a_data_key_only_while_it_is_unchanged()
    {
        var rendered = Rendered.Of(RecordFilters.DataKeyIs("r1", 2, [1, 2, 3]));

        Assert.Equal(2, rendered["data_key.kek_version"].AsInt32);
        Assert.Equal(BsonType.Binary, rendered["data_key.wrapped"].BsonType);
        Assert.Equal(new byte[] { 1, 2, 3 }, rendered["data_key.wrapped"].AsByteArray);
    }
}
