using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Passwords;
using PasswordSync.Vault.Storage;
using PasswordSync.Vault.Storage.Mongo.Documents;

namespace PasswordSync.Vault.Tests.Storage.Mongo;

/// <summary>
/// Every stored document round-trips through the BSON serializer with the element names, BSON types and UTC
/// millisecond dates the explicit class maps promise (secrets as BinData, enums by name, ids as strings).
/// </summary>
public sealed class DocumentMappingTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 25, 9, 0, 0, 0, TimeSpan.Zero);

    // A local offset and sub-millisecond ticks: the store keeps UTC at millisecond precision.
    private static readonly DateTimeOffset LocalWithTicks =
        new DateTimeOffset(2026, 11, 25, 11, 15, 30, 456, TimeSpan.FromHours(2)).AddTicks(7_891);

    public DocumentMappingTests() => DocumentClassMaps.EnsureRegistered();

    private static (BsonDocument Bson, T Back) RoundTrip<T>(T document)
    {
        var bson = document.ToBsonDocument();
        // Through bytes, as the wire would carry it.
        var back = BsonSerializer.Deserialize<T>(bson.ToBson());
        return (bson, back);
    }

    private static PasswordRecord FullRecord() => new()
    {
        Id = "rec-1",
        ListId = "list-1",
        Title = "Web Server",
        UserName = "CORP\\svc_web",
        AccountType = AccountKind.Windows,
        Description = "d",
        Url = "https://web",
        Notes = "n",
        ExpiresAt = LocalWithTicks,
        GenericValues = new Dictionary<string, string> { ["generic1"] = "Corp.Example" },
        DomainOrHost = "Corp.Example",
        DataKey = new WrappedDataKey(3, [1, 2, 3, 4]),
        SealedPassword = [10, 11, 12],
        PasswordChangedAt = Created,
        Pending = new PendingRotation
        {
            RotationId = "rot-1",
            SealedPassword = [20, 21],
            Owner = "gw-1",
            LeaseExpiresAt = LocalWithTicks,
            StartedAt = Created,
            Reason = "rotate",
            Actor = "alice",
            ClaimCount = 2,
        },
        SyncState = SyncState.OutOfSync,
        SyncReason = "BIND_FAILED",
        LastSyncedAt = Created,
        LastVerifiedAt = Created,
        DirectoryPasswordLastSet = "134080000000000000",
        Version = 12,
        CreatedAt = Created,
        UpdatedAt = LocalWithTicks,
        DeletedAt = null,
    };

    [Fact]
    public void A_record_round_trips_with_secrets_as_binary_enums_by_name_and_utc_dates()
    {
        var (bson, back) = RoundTrip(RecordDocumentMapper.ToDocument(FullRecord()));

        Assert.Equal("rec-1", bson["_id"].AsString);
        Assert.Equal(BsonType.Binary, bson["password"].BsonType);
        Assert.Equal(BsonType.Binary, bson["pending"]["password"].BsonType);
        Assert.Equal(BsonType.Binary, bson["data_key"]["wrapped"].BsonType);
        Assert.Equal(3, bson["data_key"]["kek_version"].AsInt32);
        Assert.Equal("Windows", bson["account_type"].AsString);
        Assert.Equal("OutOfSync", bson["sync_state"].AsString);
        Assert.Equal("corp\\svc_web", bson["user_name_lower"].AsString);
        Assert.Equal("web server", bson["title_lower"].AsString);
        Assert.Equal("corp.example", bson["domain_or_host_lower"].AsString);
        Assert.Equal("Corp.Example", bson["generic_values"]["generic1"].AsString);
        Assert.Equal(BsonType.DateTime, bson["pending"]["lease_expires_at"].BsonType);
        Assert.Equal(BsonType.Int64, bson["version"].BsonType);
        Assert.Equal(BsonNull.Value, bson["deleted_at"]);
        Assert.Equal(BsonType.Array, bson["history"].BsonType);

        var model = RecordDocumentMapper.ToModel(back);
        var expected = FullRecord();
        Assert.Equal(expected.SealedPassword, model.SealedPassword);
        Assert.Equal(expected.Pending!.SealedPassword, model.Pending!.SealedPassword);
        Assert.Equal(expected.DataKey.Wrapped, model.DataKey.Wrapped);
        Assert.Equal(TruncatedToMilliseconds(LocalWithTicks), model.Pending.LeaseExpiresAt);
        Assert.Equal(TimeSpan.Zero, model.UpdatedAt.Offset);
        Assert.Equal(TruncatedToMilliseconds(LocalWithTicks), model.UpdatedAt);
        Assert.Equal(expected.GenericValues, model.GenericValues);
        Assert.Equal(
            expected with
            {
                DataKey = model.DataKey,
                SealedPassword = model.SealedPassword,
                Pending = model.Pending,
                GenericValues = model.GenericValues,
                ExpiresAt = model.ExpiresAt,
                UpdatedAt = model.UpdatedAt
            },
            model);
    }

    [Fact]
    public void The_element_names_of_a_record_are_exactly_the_mapped_ones()
    {
        var bson = RecordDocumentMapper.ToDocument(FullRecord()).ToBsonDocument();

        Assert.Equal(
            ["_id", "list_id", "title", "title_lower", "user_name", "user_name_lower", "account_type", "description",
             "url", "notes", "expires_at", "generic_values", "domain_or_host", "domain_or_host_lower", "data_key",
             "password", "password_changed_at", "pending", "history", "sync_state", "sync_reason", "last_synced_at",
             "last_verified_at", "directory_password_last_set", "version", "created_at", "updated_at", "deleted_at"],
            bson.Names);
        Assert.Equal(
            ["rotation_id", "password", "owner", "lease_expires_at", "started_at", "reason", "actor", "claim_count"],
            bson["pending"].AsBsonDocument.Names);
    }

    [Fact]
    public void A_history_entry_round_trips_with_its_sealed_password_as_binary()
    {
        var entry = new PasswordHistoryEntry
        {
            Id = "h1",
            RecordId = "rec-1",
            SealedPassword = [5, 6],
            ReplacedAt = LocalWithTicks,
            ChangedBy = "bob",
            Reason = "rot-7",
        };
        var (bson, back) = RoundTrip(RecordDocumentMapper.ToDocument(entry));

        Assert.Equal(["id", "password", "replaced_at", "changed_by", "reason"], bson.Names);
        Assert.Equal(BsonType.Binary, bson["password"].BsonType);
        Assert.Equal(entry with { SealedPassword = back.Password, ReplacedAt = TruncatedToMilliseconds(LocalWithTicks) },
            RecordDocumentMapper.ToModel("rec-1", back));
    }

    [Fact]
    public void A_list_round_trips_with_flags_and_policy_by_name()
    {
        var list = new PasswordList
        {
            Id = "list-1",
            Name = "Servers",
            Description = "prod",
            Fields = new FieldConfiguration(StandardFields.Title | StandardFields.UserName | StandardFields.AccountType,
                [new GenericField("generic1", "Domain or Host")]),
            Policy = new PasswordPolicy { Style = PasswordStyle.WordPhrase, Length = 24, ExcludedCharacters = "lI0O" },
            PreventReuseCount = 5,
            Version = 2,
            CreatedAt = Created,
            UpdatedAt = Created,
        };
        var (bson, back) = RoundTrip(ListDocumentMapper.ToDocument(list));

        Assert.Equal("servers", bson["name_lower"].AsString);
        Assert.Equal("Title, UserName, AccountType", bson["standard_fields"].AsString);
        Assert.Equal("WordPhrase", bson["policy"]["style"].AsString);
        Assert.Equal("Domain or Host", bson["generic_fields"][0]["label"].AsString);
        var model = ListDocumentMapper.ToModel(back);
        Assert.Equal(list.Policy, model.Policy);
        Assert.Equal(list.Fields.StandardFields, model.Fields.StandardFields);
        Assert.Equal(list.Fields.GenericFields, model.Fields.GenericFields);
        Assert.Equal(list with { Fields = model.Fields }, model);
    }

    [Fact]
    public void A_target_round_trips_with_lowercase_names_and_a_binary_privileged_password()
    {
        var target = new Target
        {
            Id = "t1",
            Kind = TargetKind.ActiveDirectory,
            Names = ["Corp.Example", "CORP"],
            Endpoints = ["dc1:636"],
            CaCertificatePem = "-----BEGIN CERTIFICATE-----",
            BaseDn = "DC=corp,DC=example",
            PrivilegedAccount = "admin",
            SealedPrivilegedPassword = [1, 9],
            PrivilegedPasswordKekVersion = 2,
            Version = 1,
            CreatedAt = Created,
            UpdatedAt = Created,
            UseStartTls = true,
        };
        var (bson, back) = RoundTrip(TargetDocumentMapper.ToDocument(target));

        Assert.Equal("ActiveDirectory", bson["kind"].AsString);
        Assert.Equal(new BsonArray { "corp.example", "corp" }, bson["names_lower"].AsBsonArray);
        Assert.Equal(BsonType.Binary, bson["privileged_password"].BsonType);
        var model = TargetDocumentMapper.ToModel(back);
        Assert.Equal(target.Names, model.Names);
        Assert.Equal(target.SealedPrivilegedPassword, model.SealedPrivilegedPassword);
        Assert.Equal(target with { Names = model.Names, Endpoints = model.Endpoints, SealedPrivilegedPassword = model.SealedPrivilegedPassword }, model);
    }

    [Fact]
    public void A_job_and_its_item_round_trip_with_states_by_name()
    {
        var job = new BulkJob
        {
            Id = "job-1",
            Kind = "bulk_rotation",
            ListId = "list-1",
            OptionsJson = """{"dryRun":true}""",
            State = JobState.Running,
            CreatedBy = "alice",
            Owner = "gw-1",
            LeaseExpiresAt = Created.AddMinutes(1),
            TotalItems = 3,
            SucceededItems = 1,
            FailedItems = 1,
            SkippedItems = 0,
            CancelRequested = true,
            Version = 4,
            CreatedAt = Created,
            UpdatedAt = Created,
            FinishedAt = null,
        };
        var (jobBson, jobBack) = RoundTrip(JobDocumentMapper.ToDocument(job));
        Assert.Equal("Running", jobBson["state"].AsString);
        Assert.Equal(BsonType.DateTime, jobBson["lease_expires_at"].BsonType);
        Assert.Equal(job, JobDocumentMapper.ToModel(jobBack));

        var item = new JobItem
        {
            JobId = "job-1",
            RecordId = "rec-1",
            Status = JobItemStatus.Skipped,
            Reason = "LOCKOUT_RISK",
            Detail = "skipped",
            RotationId = "rot-1",
            CompletedAt = Created,
        };
        var (itemBson, itemBack) = RoundTrip(JobDocumentMapper.ToDocument(item));
        Assert.Equal("job-1/rec-1", itemBson["_id"].AsString);
        Assert.Equal("Skipped", itemBson["status"].AsString);
        Assert.Equal(item, JobDocumentMapper.ToModel(itemBack));
    }

    [Fact]
    public void An_api_key_round_trips_with_its_hash_as_binary_and_permissions_by_name()
    {
        var key = new ApiKey
        {
            Id = "k1",
            Name = "automation",
            Prefix = "psk_ab",
            Hash = [0xAA, 0xBB],
            Permissions = ApiPermissions.Read | ApiPermissions.Sync,
            ListIds = ["list-1"],
            CreatedBy = "admin",
            CreatedAt = Created,
            ExpiresAt = Created.AddDays(90),
            RevokedAt = null,
            LastUsedAt = Created,
        };
        var (bson, back) = RoundTrip(ApiKeyDocumentMapper.ToDocument(key));

        Assert.Equal(BsonType.Binary, bson["hash"].BsonType);
        Assert.Equal("Read, Sync", bson["permissions"].AsString);
        var model = ApiKeyDocumentMapper.ToModel(back);
        Assert.Equal(key.Hash, model.Hash);
        Assert.Equal(key.ListIds, model.ListIds);
        Assert.Equal(key with { Hash = model.Hash, ListIds = model.ListIds }, model);
    }

    [Fact]
    public void An_audit_event_round_trips_with_its_sequence_as_id_and_its_hash_still_valid()
    {
        var draft = new AuditDraft { Action = AuditAction.RotationBegun, Actor = "alice", ListId = "l", RecordId = "r" };
        var audit = AuditChain.Next(7, LocalWithTicks, draft, "req-1", AuditChain.GenesisHash);
        var (bson, back) = RoundTrip(AuditEventDocumentMapper.ToDocument(audit));

        Assert.Equal(7L, bson["_id"].AsInt64);
        Assert.Equal("RotationBegun", bson["action"].AsString);
        Assert.Equal(BsonType.Binary, bson["hash"].BsonType);
        Assert.Equal(BsonType.Binary, bson["previous_hash"].BsonType);
        var model = AuditEventDocumentMapper.ToModel(back);
        Assert.Equal(audit.Hash, AuditChain.ComputeHash(model));
        Assert.Equal(audit.Time, model.Time);
    }

    [Fact]
    public void The_audit_head_and_an_idempotency_entry_round_trip()
    {
        var (headBson, headBack) = RoundTrip(new AuditHeadDocument { Sequence = 9, Hash = [1] });
        Assert.Equal(Rendered.Json("""{ "_id": "head", "sequence": { "$numberLong": "9" }, "hash": { "$binary": { "base64": "AQ==", "subType": "00" } } }"""),
            headBson);
        Assert.Equal(9, headBack.Sequence);

        var entry = new IdempotencyDocument
        {
            RequestId = "req-1",
            Operation = "rotation.begin",
            Fingerprint = "r\u001frot",
            Result = new BsonDocument("job_id", "j"),
            CreatedAt = Created.UtcDateTime,
        };
        var (bson, back) = RoundTrip(entry);
        Assert.Equal(["_id", "operation", "fingerprint", "result", "created_at"], bson.Names);
        Assert.Equal("req-1", bson["_id"].AsString);
        Assert.Equal(BsonType.DateTime, bson["created_at"].BsonType);
        Assert.Equal("j", back.Result["job_id"].AsString);
    }

    [Fact]
    public void Dates_are_stored_as_utc_milliseconds()
    {
        var stored = BsonDates.ToBson(LocalWithTicks);

        Assert.Equal(DateTimeKind.Utc, stored.Kind);
        Assert.Equal(0, stored.Ticks % TimeSpan.TicksPerMillisecond);
        Assert.Equal(LocalWithTicks.ToUnixTimeMilliseconds(), new DateTimeOffset(stored).ToUnixTimeMilliseconds());
        Assert.Equal(TruncatedToMilliseconds(LocalWithTicks), BsonDates.FromBson(stored));
    }

    private static DateTimeOffset TruncatedToMilliseconds(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());
}
