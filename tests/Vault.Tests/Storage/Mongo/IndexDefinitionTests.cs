using MongoDB.Bson;
using MongoDB.Driver;
using PasswordSync.Vault.Storage.Mongo;

namespace PasswordSync.Vault.Tests.Storage.Mongo;

/// <summary>The indexes InitializeAsync creates: the keys the queries use, and the unique/partial/TTL options.</summary>
public sealed class IndexDefinitionTests
{
    private static Dictionary<string, (BsonDocument Keys, CreateIndexOptions Options)> ByName<T>(
        IEnumerable<CreateIndexModel<T>> models) =>
        models.ToDictionary(m => m.Options.Name, m => (Rendered.Of(m.Keys), (CreateIndexOptions)m.Options));

    [Fact]
    public void Records_are_indexed_by_list_and_each_lowercase_search_field()
    {
        var indexes = ByName(VaultIndexes.Records);

        Assert.Equal(Rendered.Json("""{ "list_id": 1, "_id": 1 }"""), indexes["list_id_id"].Keys);
        Assert.Equal(Rendered.Json("""{ "list_id": 1, "title_lower": 1 }"""), indexes["list_id_title_lower"].Keys);
        Assert.Equal(Rendered.Json("""{ "list_id": 1, "user_name_lower": 1 }"""), indexes["list_id_user_name_lower"].Keys);
        Assert.Equal(Rendered.Json("""{ "list_id": 1, "domain_or_host_lower": 1 }"""),
            indexes["list_id_domain_or_host_lower"].Keys);
    }

    [Fact]
    public void Pending_leases_are_indexed_only_for_records_with_a_rotation_in_flight()
    {
        var model = VaultIndexes.Records.Single(m => m.Options.Name == "pending_lease_expires_at");
        var options = Assert.IsType<CreateIndexOptions<PasswordSync.Vault.Storage.Mongo.Documents.RecordDocument>>(model.Options);

        Assert.Equal(Rendered.Json("""{ "pending.lease_expires_at": 1, "_id": 1 }"""), Rendered.Of(model.Keys));
        Assert.Equal(Rendered.Json("""{ "pending.lease_expires_at": { "$exists": true } }"""),
            Rendered.Of(options.PartialFilterExpression));
    }

    [Fact]
    public void Unique_indexes_enforce_list_names_target_names_job_items_and_key_hashes()
    {
        var lists = ByName(VaultIndexes.Lists)["name_lower_unique"];
        Assert.Equal(Rendered.Json("""{ "name_lower": 1 }"""), lists.Keys);
        Assert.True(lists.Options.Unique);

        var targets = ByName(VaultIndexes.Targets)["names_lower_unique"];
        Assert.Equal(Rendered.Json("""{ "names_lower": 1 }"""), targets.Keys);
        Assert.True(targets.Options.Unique);

        var items = ByName(VaultIndexes.JobItems)["job_id_record_id_unique"];
        Assert.Equal(Rendered.Json("""{ "job_id": 1, "record_id": 1 }"""), items.Keys);
        Assert.True(items.Options.Unique);

        var keys = ByName(VaultIndexes.ApiKeys)["hash_unique"];
        Assert.Equal(Rendered.Json("""{ "hash": 1 }"""), keys.Keys);
        Assert.True(keys.Options.Unique);
    }

    [Fact]
    public void Audit_events_are_indexed_for_list_record_actor_and_time_queries_in_sequence_order()
    {
        var indexes = ByName(VaultIndexes.AuditEvents);

        Assert.Equal(Rendered.Json("""{ "list_id": 1, "_id": 1 }"""), indexes["list_id_sequence"].Keys);
        Assert.Equal(Rendered.Json("""{ "record_id": 1, "_id": 1 }"""), indexes["record_id_sequence"].Keys);
        Assert.Equal(Rendered.Json("""{ "actor": 1, "_id": 1 }"""), indexes["actor_sequence"].Keys);
        Assert.Equal(Rendered.Json("""{ "time": 1, "_id": 1 }"""), indexes["time_sequence"].Keys);
    }

    [Fact]
    public void Request_ids_expire_through_a_ttl_index_on_their_creation_time()
    {
        var ttl = ByName(VaultIndexes.Idempotency)["created_at_ttl"];

        Assert.Equal(Rendered.Json("""{ "created_at": 1 }"""), ttl.Keys);
        Assert.Equal(TimeSpan.FromDays(7), ttl.Options.ExpireAfter);
    }

    [Fact]
    public void Every_index_has_a_fixed_unique_name_so_creating_them_again_is_a_no_op()
    {
        var names = VaultIndexes.Records.Select(m => m.Options.Name)
            .Concat(VaultIndexes.Jobs.Select(m => m.Options.Name))
            .Concat(VaultIndexes.AuditEvents.Select(m => m.Options.Name)).ToList();

        Assert.All(names, name => Assert.False(string.IsNullOrEmpty(name)));
        Assert.Equal(VaultIndexes.Records.Count, VaultIndexes.Records.Select(m => m.Options.Name).Distinct().Count());
    }
}
