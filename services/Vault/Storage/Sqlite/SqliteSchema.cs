namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// The schema, as numbered migrations applied in order and recorded in schema_version. Secrets live only in BLOB
/// columns with a CHECK on their type, so no text column can ever hold a password (the store never receives one).
/// *_fold columns hold case-folded copies for case-insensitive uniqueness and search.
/// </summary>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE lists (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            name_fold TEXT NOT NULL UNIQUE,
            description TEXT NOT NULL,
            fields_json TEXT NOT NULL,
            policy_json TEXT NOT NULL,
            prevent_reuse_count INTEGER NOT NULL,
            version INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE records (
            id TEXT PRIMARY KEY,
            list_id TEXT NOT NULL REFERENCES lists (id),
            title TEXT NOT NULL,
            title_fold TEXT NOT NULL,
            user_name TEXT NOT NULL,
            user_name_fold TEXT NOT NULL,
            account_type INTEGER NOT NULL,
            description TEXT NOT NULL,
            url TEXT NOT NULL,
            notes TEXT NOT NULL,
            expires_at INTEGER,
            generic_json TEXT NOT NULL,
            domain_or_host TEXT NOT NULL,
            domain_or_host_fold TEXT NOT NULL,
            kek_version INTEGER NOT NULL,
            wrapped_key BLOB NOT NULL,
            sealed_password BLOB,
            password_changed_at INTEGER,
            pending_rotation_id TEXT,
            pending_password BLOB,
            pending_owner TEXT,
            pending_lease_expires_at INTEGER,
            pending_started_at INTEGER,
            pending_reason TEXT,
            pending_actor TEXT,
            pending_claim_count INTEGER,
            sync_state INTEGER NOT NULL,
            sync_reason TEXT NOT NULL,
            last_synced_at INTEGER,
            last_verified_at INTEGER,
            directory_password_last_set TEXT NOT NULL,
            version INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            deleted_at INTEGER,
            CHECK ((pending_rotation_id IS NULL) = (pending_password IS NULL)),
            CHECK (pending_rotation_id IS NULL OR pending_lease_expires_at IS NOT NULL)
        ) STRICT;
        CREATE INDEX records_by_list ON records (list_id, id);
        CREATE INDEX records_by_title ON records (list_id, title_fold);
        CREATE INDEX records_by_user_name ON records (list_id, user_name_fold);
        CREATE INDEX records_by_domain_or_host ON records (domain_or_host_fold);
        CREATE INDEX records_pending_by_lease ON records (pending_lease_expires_at, id)
            WHERE pending_rotation_id IS NOT NULL;
        CREATE INDEX records_deleted ON records (deleted_at) WHERE deleted_at IS NOT NULL;
        CREATE INDEX records_by_kek ON records (kek_version, id);

        CREATE TABLE password_history (
            ordinal INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
            sealed_password BLOB NOT NULL,
            replaced_at INTEGER NOT NULL,
            changed_by TEXT NOT NULL,
            reason TEXT NOT NULL
        ) STRICT;
        CREATE INDEX password_history_by_record ON password_history (record_id, ordinal);

        CREATE TABLE targets (
            id TEXT PRIMARY KEY,
            kind INTEGER NOT NULL,
            names_json TEXT NOT NULL,
            endpoints_json TEXT NOT NULL,
            ca_certificate_pem TEXT NOT NULL,
            accept_any_certificate INTEGER NOT NULL,
            allow_plaintext INTEGER NOT NULL,
            use_start_tls INTEGER NOT NULL,
            base_dn TEXT NOT NULL,
            privileged_account TEXT NOT NULL,
            privileged_password BLOB NOT NULL,
            privileged_password_kek_version INTEGER NOT NULL,
            ssh_host_key_fingerprint TEXT NOT NULL,
            version INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX targets_by_kek ON targets (privileged_password_kek_version, id);

        -- One row per name a target answers to; the primary key makes names unique across targets.
        CREATE TABLE target_names (
            name_fold TEXT PRIMARY KEY,
            target_id TEXT NOT NULL REFERENCES targets (id) ON DELETE CASCADE
        ) STRICT;
        CREATE INDEX target_names_by_target ON target_names (target_id);

        CREATE TABLE jobs (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            list_id TEXT NOT NULL,
            options_json TEXT NOT NULL,
            state INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            owner TEXT NOT NULL,
            lease_expires_at INTEGER,
            total_items INTEGER NOT NULL,
            succeeded_items INTEGER NOT NULL,
            failed_items INTEGER NOT NULL,
            skipped_items INTEGER NOT NULL,
            cancel_requested INTEGER NOT NULL,
            version INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            finished_at INTEGER
        ) STRICT;
        CREATE INDEX jobs_by_list ON jobs (list_id, id);
        CREATE INDEX jobs_claimable ON jobs (state, lease_expires_at);

        CREATE TABLE job_items (
            job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
            record_id TEXT NOT NULL,
            status INTEGER NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            rotation_id TEXT NOT NULL,
            completed_at INTEGER,
            PRIMARY KEY (job_id, record_id)
        ) STRICT;
        CREATE INDEX job_items_by_status ON job_items (job_id, status, record_id);

        CREATE TABLE api_keys (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            prefix TEXT NOT NULL,
            hash BLOB NOT NULL UNIQUE,
            permissions INTEGER NOT NULL,
            list_ids_json TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER,
            revoked_at INTEGER,
            last_used_at INTEGER
        ) STRICT;

        -- sequence is the primary key: inserting an event with a sequence already taken fails, which is the
        -- compare-and-set on the head that keeps the chain from forking.
        CREATE TABLE audit_events (
            sequence INTEGER PRIMARY KEY,
            time INTEGER NOT NULL,
            action INTEGER NOT NULL,
            actor TEXT NOT NULL,
            list_id TEXT NOT NULL,
            record_id TEXT NOT NULL,
            target_id TEXT NOT NULL,
            detail TEXT NOT NULL,
            request_id TEXT NOT NULL,
            previous_hash BLOB NOT NULL,
            hash BLOB NOT NULL
        ) STRICT;
        CREATE INDEX audit_by_list ON audit_events (list_id, sequence);
        CREATE INDEX audit_by_record ON audit_events (record_id, sequence);
        CREATE INDEX audit_by_actor ON audit_events (actor, sequence);
        CREATE INDEX audit_by_time ON audit_events (time);

        CREATE TABLE idempotency (
            request_id TEXT PRIMARY KEY,
            operation TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            result_ref TEXT NOT NULL,
            result BLOB,
            created_at INTEGER NOT NULL
        ) STRICT;
        """,
    ];

    public const string VersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT;";
}
