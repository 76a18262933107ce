using MongoDB.Bson;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Storage.Mongo.Queries;

namespace PasswordSync.Vault.Tests.Storage.Mongo;

/// <summary>Job claims, the audit head compare-and-set, target names and API key lookups, rendered.</summary>
public sealed class OtherQueryRenderingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_job_claim_matches_an_unfinished_job_that_is_free_expired_or_already_ours()
    {
        var rendered = Rendered.Of(JobFilters.ClaimableBy("job-1", "gw-a", Now));

        Assert.Equal("job-1", rendered["_id"].AsString);
        Assert.Equal(new BsonArray { "Queued", "Running" }, rendered["state"]["$in"].AsBsonArray);
        var branches = rendered["$or"].AsBsonArray.Select(b => b.AsBsonDocument).ToList();
        Assert.Contains(Rendered.Json("""{ "owner": "" }"""), branches);
        Assert.Contains(Rendered.Json("""{ "owner": "gw-a" }"""), branches);
        Assert.Contains(Rendered.Json("""{ "lease_expires_at": null }"""), branches);
        Assert.Contains(branches, b => b.Contains("lease_expires_at") && b["lease_expires_at"].IsBsonDocument
            && b["lease_expires_at"]["$lte"].AsBsonDateTime.MillisecondsSinceEpoch == Now.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void A_job_claim_takes_the_lease_and_runs_the_job()
    {
        var rendered = Rendered.Of(JobFilters.Claim("gw-a", Now, Now.AddMinutes(1)));

        Assert.Equal("gw-a", rendered["$set"]["owner"].AsString);
        Assert.Equal("Running", rendered["$set"]["state"].AsString);
        Assert.Equal(1L, rendered["$inc"]["version"].AsInt64);
    }

    [Fact]
    public void An_item_outcome_is_written_only_over_a_pending_item()
    {
        Assert.Equal(Rendered.Json("""{ "job_id": "job-1", "record_id": "r1", "status": "Pending" }"""),
            Rendered.Of(JobItemFilters.PendingItem("job-1", "r1")));
        Assert.Equal(Rendered.Json("""{ "$set": { "updated_at": { "$date": "2026-11-25T10:00:00Z" } }, "$inc": { "version": { "$numberLong": "1" }, "failed_items": 1 } }"""),
            Rendered.Of(JobFilters.CountItem(JobItemStatus.Failed, Now)));
        Assert.Throws<ArgumentOutOfRangeException>(() => JobFilters.CountItem(JobItemStatus.Pending, Now));
    }

    [Fact]
    public void The_audit_head_advances_only_from_the_sequence_that_was_read()
    {
        Assert.Equal(Rendered.Json("""{ "_id": "head", "sequence": { "$numberLong": "41" } }"""),
            Rendered.Of(AuditFilters.HeadAt(41)));

        var next = AuditChain.Next(42, Now, new AuditDraft { Action = AuditAction.PasswordRevealed, Actor = "a" }, null,
            new byte[32]);
        var update = Rendered.Of(AuditFilters.AdvanceHead(next));
        Assert.Equal(42L, update["$set"]["sequence"].AsInt64);
        Assert.Equal(next.Hash, update["$set"]["hash"].AsByteArray);
    }

    [Fact]
    public void The_audit_head_is_created_only_when_missing()
    {
        var rendered = Rendered.Of(AuditFilters.CreateHead());

        Assert.Equal(0L, rendered["$setOnInsert"]["sequence"].AsInt64);
        Assert.Equal(new byte[32], rendered["$setOnInsert"]["hash"].AsByteArray);
        Assert.Single(rendered.Names);
    }

    [Fact]
    public void An_audit_query_filters_every_given_criterion_with_the_action_by_name()
    {
        var rendered = Rendered.Of(AuditFilters.Query(new AuditQuery(ListId: "l1", RecordId: "r1", Actor: "bob",
            Action: AuditAction.RotationCommitted, From: Now, To: Now.AddDays(1))));

        Assert.Equal("l1", rendered["list_id"].AsString);
        Assert.Equal("r1", rendered["record_id"].AsString);
        Assert.Equal("bob", rendered["actor"].AsString);
        Assert.Equal("RotationCommitted", rendered["action"].AsString);
        // From inclusive, To exclusive: consecutive windows never return an event twice.
        Assert.Equal(Now.ToUnixTimeMilliseconds(), rendered["time"]["$gte"].AsBsonDateTime.MillisecondsSinceEpoch);
        Assert.Equal(Now.AddDays(1).ToUnixTimeMilliseconds(), rendered["time"]["$lt"].AsBsonDateTime.MillisecondsSinceEpoch);
    }

    [Fact]
    public void A_target_is_found_by_any_of_its_names_case_insensitively()
    {
        Assert.Equal(Rendered.Json("""{ "names_lower": "dc01.corp.example" }"""),
            Rendered.Of(TargetFilters.AnswersTo("DC01.Corp.Example")));
    }

    [Fact]
    public void Revocation_keeps_the_first_time()
    {
        Assert.Equal(Rendered.Json("""{ "_id": "k1", "revoked_at": null }"""), Rendered.Of(ApiKeyFilters.NotRevoked("k1")));
    }

    [Fact]
    public void A_list_update_is_guarded_by_version_and_keeps_the_record_count()
    {
        Assert.Equal(Rendered.Json("""{ "_id": "l1", "version": { "$numberLong": "2" } }"""),
            Rendered.Of(ListFilters.AtVersion("l1", 2)));
        var update = Rendered.Of(ListFilters.Replace(new() { Name = "Servers", NameLower = "servers" }, Now));
        Assert.Equal("servers", update["$set"]["name_lower"].AsString);
        Assert.False(update["$set"].AsBsonDocument.Contains("record_count"));
    }
}
