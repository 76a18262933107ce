using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Options;
using MongoDB.Bson.Serialization.Serializers;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Passwords;

namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>
/// Explicit BSON class maps for every stored document. No AutoMap and no conventions: each element name, each enum
/// (stored as its name), each date (UTC) and each secret (BinData) is spelled out here, so a convention registered
/// elsewhere in the process can never silently rename or re-type a stored field.
/// </summary>
internal static class DocumentClassMaps
{
    private static readonly Lock Gate = new();
    private static bool registered;

    private static readonly IBsonSerializer<DateTime> UtcDate = new DateTimeSerializer(DateTimeKind.Utc);
    private static readonly IBsonSerializer<DateTime?> NullableUtcDate = new NullableSerializer<DateTime>(UtcDate);
    private static readonly IBsonSerializer<byte[]> Binary = new ByteArraySerializer(BsonType.Binary);

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            RegisterRecord();
            RegisterList();
            RegisterTarget();
            RegisterJobs();
            RegisterApiKey();
            RegisterAudit();
            RegisterIdempotency();
            registered = true;
        }
    }

    private static EnumSerializer<T> AsName<T>() where T : struct, Enum => new(BsonType.String);

    private static void RegisterRecord()
    {
        BsonClassMap.RegisterClassMap<RecordDocument>(cm =>
        {
            // Forward compatible: a newer version may add fields while an older one still runs.
            cm.SetIgnoreExtraElements(true);
            cm.MapIdProperty(d => d.Id);
            cm.MapProperty(d => d.ListId).SetElementName("list_id");
            cm.MapProperty(d => d.Title).SetElementName("title");
            cm.MapProperty(d => d.TitleLower).SetElementName("title_lower");
            cm.MapProperty(d => d.UserName).SetElementName("user_name");
            cm.MapProperty(d => d.UserNameLower).SetElementName("user_name_lower");
            cm.MapProperty(d => d.AccountType).SetElementName("account_type").SetSerializer(AsName<AccountKind>());
            cm.MapProperty(d => d.Description).SetElementName("description");
            cm.MapProperty(d => d.Url).SetElementName("url");
            cm.MapProperty(d => d.Notes).SetElementName("notes");
            cm.MapProperty(d => d.ExpiresAt).SetElementName("expires_at").SetSerializer(NullableUtcDate);
            cm.MapProperty(d => d.GenericValues).SetElementName("generic_values").SetSerializer(
                new DictionaryInterfaceImplementerSerializer<Dictionary<string, string>, string, string>(
                    DictionaryRepresentation.Document));
            cm.MapProperty(d => d.DomainOrHost).SetElementName("domain_or_host");
            cm.MapProperty(d => d.DomainOrHostLower).SetElementName("domain_or_host_lower");
            cm.MapProperty(d => d.DataKey).SetElementName("data_key");
            cm.MapProperty(d => d.Password).SetElementName("password").SetSerializer(Binary);
            cm.MapProperty(d => d.PasswordChangedAt).SetElementName("password_changed_at").SetSerializer(NullableUtcDate);
            cm.MapProperty(d => d.Pending).SetElementName("pending");
            cm.MapProperty(d => d.History).SetElementName("history");
            cm.MapProperty(d => d.SyncState).SetElementName("sync_state").SetSerializer(AsName<SyncState>());
            cm.MapProperty(d => d.SyncReason).SetElementName("sync_reason");
            cm.MapProperty(d => d.LastSyncedAt).SetElementName("last_synced_at").SetSerializer(NullableUtcDate);
            cm.MapProperty(d => d.LastVerifiedAt).SetElementName("last_verified_at").SetSerializer(NullableUtcDate);
            cm.MapProperty(d => d.DirectoryPasswordLastSet).SetElementName("directory_password_last_set");
            cm.MapProperty(d => d.Version).SetElementName("version");
            cm.MapProperty(d => d.CreatedAt).SetElementName("created_at").SetSerializer(UtcDate);
            cm.MapProperty(d => d.UpdatedAt).SetElementName("updated_at").SetSerializer(UtcDate);
            cm.MapProperty(d => d.DeletedAt).SetElementName("deleted_at").SetSerializer(NullableUtcDate);
        });
        BsonClassMap.RegisterClassMap<DataKeyDocument>(cm =>
        {
            cm.MapProperty(d => d.KekVersion).SetElementName("kek_version");
            cm.MapProperty(d => d.Wrapped).SetElementName("wrapped").SetSerializer(Binary);
        });
        BsonClassMap.RegisterClassMap<PendingDocument>(cm =>
        {
            cm.SetIgnoreExtraElements(true);
            cm.MapProperty(d => d.RotationId).SetElementName("rotation_id");
            cm.MapProperty(d => d.Password).SetElementName("password").SetSerializer(Binary);
            cm.MapProperty(d => d.Owner).SetElementName("owner");
            cm.MapProperty(d => d.LeaseExpiresAt).SetElementName("lease_expires_at").SetSerializer(UtcDate);
            cm.MapProperty(d => d.StartedAt).SetElementName("started_at").SetSerializer(UtcDate);
            cm.MapProperty(d => d.Reason).SetElementName("reason");
            cm.MapProperty(d => d.Actor).SetElementName("actor");
            cm.MapProperty(d => d.ClaimCount).SetElementName("claim_count");
        });
        BsonClassMap.RegisterClassMap<HistoryDocument>(cm =>
        {
            cm.SetIgnoreExtraElements(true);
            cm.MapProperty(d => d.Id).SetElementName("id");
            cm.MapProperty(d => d.Password).SetElementName("password").SetSerializer(Binary);
            cm.MapProperty(d => d.ReplacedAt).SetElementName("replaced_at").SetSerializer(UtcDate);
            cm.MapProperty(d => d.ChangedBy).SetElementName("changed_by");
            cm.MapProperty(d => d.Reason).SetElementName("reason");
        });
    }

    private static void RegisterList()
    {
        BsonClassMap.RegisterClassMap<ListDocument>(cm =>
        {
            cm.SetIgnoreExtraElements(true);
            cm.MapIdProperty(d => d.Id);
            cm.MapProperty(d => d.Name).SetElementName("name");
            cm.MapProperty(d => d.NameLower).SetElementName("name_lower");
            cm.MapProperty(d => d.Description).SetElementName("description");
            cm.MapProperty(d => d.StandardFields).SetElementName("standard_fields")
                .SetSerializer(AsName<StandardFields>());
            cm.MapProperty(d => d.GenericFields).SetElementName("generic_fields");
            cm.MapProperty(d => d.Policy).SetElementName("policy");
            cm.MapProperty(d => d.PreventReuseCount).SetElementName("prevent_reuse_count");
            cm.MapProperty(d => d.RecordCount).SetElementName("record_count");
            cm.MapProperty(d => d.Version).SetElementName("version");
            cm.MapProperty(d => d.CreatedAt).SetElementName("created_at").SetSerializer(UtcDate);
            cm.MapProperty(d => d.UpdatedAt).SetElementName("updated_at").SetSerializer(UtcDate);
        });
        BsonClassMap.RegisterClassMap<GenericFieldDocument>(cm =>
        {
            cm.MapProperty(d => d.Key).SetElementName("key");
            cm.MapProperty(d => d.Label).SetElementName("label");
        });
        BsonClassMap.RegisterClassMap<PolicyDocument>(cm =>
        {
            cm.SetIgnoreExtraElements(true);
            cm.MapProperty(d => d.Style).SetElementName("style").SetSerializer(AsName<PasswordStyle>());
            cm.MapProperty(d => d.Length).SetElementName("length");
            cm.MapProperty(d => d.MinUppercase).SetElementName("min_uppercase");
            cm.MapProperty(d => d.MinLowercase).SetElementName("min_lowercase");
            cm.MapProperty(d => d.MinDigits).SetElementName("min_digits");
            cm.MapProperty(d => d.MinSymbols).SetElementName("min_symbols");
            cm.MapProperty(d => d.UseUppercase).SetElementName("use_uppercase");
            cm.MapProperty(d => d.UseLowercase).SetElementName("use_lowercase");
            cm.MapProperty(d => d.UseDigits).SetElementName("use_digits");
            cm.MapProperty(d => d.UseSymbols).SetElementName("use_symbols");
            cm.MapProperty(d => d.ExcludedCharacters).SetElementName("excluded_characters");
            cm.MapProperty(d => d.WordCount).SetElementName("word_count");
            cm.MapProperty(d => d.WordSeparator).SetElementName("word_separator");
            cm.MapProperty(d => d.WordPhraseComplexity).SetElementName("word_phrase_complexity");
        });
    }

    private static void RegisterTarget() =>
        BsonClassMap.RegisterClassMap<TargetDocument>(cm =>
        {
            cm.SetIgnoreExtraElements(true);
            cm.MapIdProperty(d => d.Id);
            cm.MapProperty(d => d.Kind).SetElementName("kind").SetSerializer(AsName<TargetKind>());
            cm.MapProperty(d => d.Names).SetElementName("names");
            cm.MapProperty(d => d.NamesLower).SetElementName("names_lower");
            cm.MapProperty(d => d.Endpoints).SetElementName("endpoints");
            cm.MapProperty(d => d.CaCertificatePem).SetElementName("ca_certificate_pem");
            cm.MapProperty(d => d.AcceptAnyCertificate).SetElementName("accept_any_certificate");
            cm.MapProperty(d => d.AllowPlaintext).SetElementName("allow_plaintext");
            cm.MapProperty(d => d.UseStartTls).SetElementName("use_start_tls");
            cm.MapProperty(d => d.BaseDn).SetElementName("base_dn");
            cm.MapProperty(d => d.PrivilegedAccount).SetElementName("privileged_account");
            cm.MapProperty(d => d.PrivilegedPassword).SetElementName("privileged_password").SetSerializer(Binary);
            cm.MapProperty(d => d.PrivilegedPasswordKekVersion).SetElementName("privileged_password_kek_version");
            cm.MapProperty(d => d.SshHostKeyFingerprint).SetElementName("ssh_host_key_fingerprint");
            cm.MapProperty(d => d.Version).SetElementName("version");
            cm.MapProperty(d => d.CreatedAt).SetElementName("created_at").SetSerializer(UtcDate);
            cm.MapProperty(d => d.UpdatedAt).SetElementName("updated_at").SetSerializer(UtcDate);
        });

    private static void RegisterJobs()
    {
        BsonClassMap.RegisterClassMap<JobDocument>(cm =>
        {
            cm.SetIgnoreExtraElements(true);
            cm.MapIdProperty(d => d.Id);
            cm.MapProperty(d => d.Kind).SetElementName("kind");
            cm.MapProperty(d => d.ListId).SetElementName("list_id");
            cm.MapProperty(d => d.OptionsJson).SetElementName("options_json");
            cm.MapProperty(d => d.State).SetElementName("state").SetSerializer(AsName<JobState>());
            cm.MapProperty(d => d.CreatedBy).SetElementName("created_by");
            cm.MapProperty(d => d.Owner).SetElementName("owner");
            cm.MapProperty(d => d.LeaseExpiresAt).SetElementName("lease_expires_at").SetSerializer(NullableUtcDate);
            cm.MapProperty(d => d.TotalItems).SetElementName("total_items");
            cm.MapProperty(d => d.SucceededItems).SetElementName("succeeded_items");
            cm.MapProperty(d => d.FailedItems).SetElementName("failed_items");
            cm.MapProperty(d => d.SkippedItems).SetElementName("skipped_items");
            cm.MapProperty(d => d.CancelRequested).SetElementName("cancel_requested");
            cm.MapProperty(d => d.Version).SetElementName("version");
            cm.MapProperty(d => d.CreatedAt).SetElementName("created_at").SetSerializer(UtcDate);
            cm.MapProperty(d => d.UpdatedAt).SetElementName("updated_at").SetSerializer(UtcDate);
            cm.MapProperty(d => d.FinishedAt).SetElementName("finished_at").SetSerializer(NullableUtcDate);
        });
        BsonClassMap.RegisterClassMap<JobItemDocument>(cm =>
        {
            cm.SetIgnoreExtraElements(true);
            cm.MapIdProperty(d => d.Id);
            cm.MapProperty(d => d.JobId).SetElementName("job_id");
            cm.MapProperty(d => d.RecordId).SetElementName("record_id");
            cm.MapProperty(d => d.Status).SetElementName("status").SetSerializer(AsName<JobItemStatus>());
            cm.MapProperty(d => d.Reason).SetElementName("reason");
            cm.MapProperty(d => d.Detail).SetElementName("detail");
            cm.MapProperty(d => d.RotationId).SetElementName("rotation_id");
            cm.MapProperty(d => d.CompletedAt).SetElementName("completed_at").SetSerializer(NullableUtcDate);
        });
    }

    private static void RegisterApiKey() =>
        BsonClassMap.RegisterClassMap<ApiKeyDocument>(cm =>
        {
            cm.SetIgnoreExtraElements(true);
            cm.MapIdProperty(d => d.Id);
            cm.MapProperty(d => d.Name).SetElementName("name");
            cm.MapProperty(d => d.Prefix).SetElementName("prefix");
            cm.MapProperty(d => d.Hash).SetElementName("hash").SetSerializer(Binary);
            cm.MapProperty(d => d.Permissions).SetElementName("permissions").SetSerializer(AsName<ApiPermissions>());
            cm.MapProperty(d => d.ListIds).SetElementName("list_ids");
            cm.MapProperty(d => d.CreatedBy).SetElementName("created_by");
            cm.MapProperty(d => d.CreatedAt).SetElementName("created_at").SetSerializer(UtcDate);
            cm.MapProperty(d => d.ExpiresAt).SetElementName("expires_at").SetSerializer(NullableUtcDate);
            cm.MapProperty(d => d.RevokedAt).SetElementName("revoked_at").SetSerializer(NullableUtcDate);
            cm.MapProperty(d => d.LastUsedAt).SetElementName("last_used_at").SetSerializer(NullableUtcDate);
        });

    private static void RegisterAudit()
    {
        BsonClassMap.RegisterClassMap<AuditEventDocument>(cm =>
        {
            cm.SetIgnoreExtraElements(true);
            cm.MapIdProperty(d => d.Sequence);
            cm.MapProperty(d => d.Time).SetElementName("time").SetSerializer(UtcDate);
            cm.MapProperty(d => d.Action).SetElementName("action").SetSerializer(AsName<AuditAction>());
            cm.MapProperty(d => d.Actor).SetElementName("actor");
            cm.MapProperty(d => d.ListId).SetElementName("list_id");
            cm.MapProperty(d => d.RecordId).SetElementName("record_id");
            cm.MapProperty(d => d.TargetId).SetElementName("target_id");
            cm.MapProperty(d => d.Detail).SetElementName("detail");
            cm.MapProperty(d => d.RequestId).SetElementName("request_id");
            cm.MapProperty(d => d.PreviousHash).SetElementName("previous_hash").SetSerializer(Binary);
            cm.MapProperty(d => d.Hash).SetElementName("hash").SetSerializer(Binary);
        });
        BsonClassMap.RegisterClassMap<AuditHeadDocument>(cm =>
        {
            cm.MapIdProperty(d => d.Id);
            cm.MapProperty(d => d.Sequence).SetElementName("sequence");
            cm.MapProperty(d => d.Hash).SetElementName("hash").SetSerializer(Binary);
        });
    }

    private static void RegisterIdempotency() =>
        BsonClassMap.RegisterClassMap<IdempotencyDocument>(cm =>
        {
            cm.SetIgnoreExtraElements(true);
            cm.MapIdProperty(d => d.RequestId);
            cm.MapProperty(d => d.Operation).SetElementName("operation");
            cm.MapProperty(d => d.Fingerprint).SetElementName("fingerprint");
            cm.MapProperty(d => d.Result).SetElementName("result");
            cm.MapProperty(d => d.CreatedAt).SetElementName("created_at").SetSerializer(UtcDate);
        });
}
