using System.Text;
using System.Text.Json;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// A journal step's first result, as its idempotency entry keeps it: every field of the record after the step, in a
/// compact binary layout (about a third of the JSON that earlier versions wrote, and no serializer on the hot path).
/// The record id is the entry's result_ref, so it is not repeated. Entries written by earlier versions hold JSON
/// (their first byte is '{'); they are still read, so a retry across an upgrade gets its first result too.
/// </summary>
internal static class RecordSnapshot
{
    private const byte Format = 2;
    private const byte JsonFirstByte = (byte)'{';

    private static readonly JsonSerializerOptions LegacyJson = new(JsonSerializerDefaults.General);

    public static byte[] Write(PasswordRecord r)
    {
        using var buffer = new MemoryStream(512);
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Format);
            w.Write(r.ListId);
            w.Write(r.Title);
            w.Write(r.UserName);
            w.Write((int)r.AccountType);
            w.Write(r.Description);
            w.Write(r.Url);
            w.Write(r.Notes);
            WriteTime(w, r.ExpiresAt);
            w.Write(r.GenericValues.Count);
            foreach (var (key, value) in r.GenericValues)
            {
                w.Write(key);
                w.Write(value);
            }

            w.Write(r.DomainOrHost);
            w.Write(r.DataKey.KekVersion);
            WriteBytes(w, r.DataKey.Wrapped);
            WriteBytes(w, r.SealedPassword);
            WriteTime(w, r.PasswordChangedAt);
            w.Write(r.Pending is not null);
            if (r.Pending is { } p)
            {
                w.Write(p.RotationId);
                WriteBytes(w, p.SealedPassword);
                w.Write(p.Owner);
                WriteTime(w, p.LeaseExpiresAt);
                WriteTime(w, p.StartedAt);
                w.Write(p.Reason);
                w.Write(p.Actor);
                w.Write(p.ClaimCount);
            }

            w.Write((int)r.SyncState);
            w.Write(r.SyncReason);
            WriteTime(w, r.LastSyncedAt);
            WriteTime(w, r.LastVerifiedAt);
            w.Write(r.DirectoryPasswordLastSet);
            w.Write(r.Version);
            WriteTime(w, r.CreatedAt);
            WriteTime(w, r.UpdatedAt);
            WriteTime(w, r.DeletedAt);
        }

        return buffer.ToArray();
    }

    /// <summary>The record kept by <see cref="Write"/> (or, from an earlier version, as JSON) for record <paramref name="id"/>.</summary>
    public static PasswordRecord Read(string id, byte[] snapshot)
    {
        if (snapshot.Length > 0 && snapshot[0] == JsonFirstByte)
        {
            return JsonSerializer.Deserialize<PasswordRecord>(snapshot, LegacyJson)
                   ?? throw new InvalidDataException($"The idempotency snapshot of record '{id}' is null.");
        }

        if (snapshot.Length == 0 || snapshot[0] != Format)
        {
            throw new InvalidDataException(
                $"The idempotency snapshot of record '{id}' has format {(snapshot.Length == 0 ? "(empty)" : snapshot[0])}; this vault reads format {Format} and JSON.");
        }

        using var r = new BinaryReader(new MemoryStream(snapshot, 1, snapshot.Length - 1), Encoding.UTF8);
        var listId = r.ReadString();
        var title = r.ReadString();
        var userName = r.ReadString();
        var accountType = (AccountKind)r.ReadInt32();
        var description = r.ReadString();
        var url = r.ReadString();
        var notes = r.ReadString();
        var expiresAt = ReadTime(r);
        var genericCount = r.ReadInt32();
        var generic = new Dictionary<string, string>(genericCount, StringComparer.Ordinal);
        for (var i = 0; i < genericCount; i++)
        {
            generic.Add(r.ReadString(), r.ReadString());
        }

        var domainOrHost = r.ReadString();
        var dataKey = new WrappedDataKey(r.ReadInt32(), ReadBytes(r) ?? []);
        var sealedPassword = ReadBytes(r);
        var passwordChangedAt = ReadTime(r);
        var pending = r.ReadBoolean()
            ? new PendingRotation
            {
                RotationId = r.ReadString(),
                SealedPassword = ReadBytes(r) ?? [],
                Owner = r.ReadString(),
                LeaseExpiresAt = ReadTime(r)!.Value,
                StartedAt = ReadTime(r)!.Value,
                Reason = r.ReadString(),
                Actor = r.ReadString(),
                ClaimCount = r.ReadInt32(),
            }
            : null;
        return new PasswordRecord
        {
            Id = id,
            ListId = listId,
            Title = title,
            UserName = userName,
            AccountType = accountType,
            Description = description,
            Url = url,
            Notes = notes,
            ExpiresAt = expiresAt,
            GenericValues = generic,
            DomainOrHost = domainOrHost,
            DataKey = dataKey,
            SealedPassword = sealedPassword,
            PasswordChangedAt = passwordChangedAt,
            Pending = pending,
            SyncState = (SyncState)r.ReadInt32(),
            SyncReason = r.ReadString(),
            LastSyncedAt = ReadTime(r),
            LastVerifiedAt = ReadTime(r),
            DirectoryPasswordLastSet = r.ReadString(),
            Version = r.ReadInt64(),
            CreatedAt = ReadTime(r)!.Value,
            UpdatedAt = ReadTime(r)!.Value,
            DeletedAt = ReadTime(r),
        };
    }

    private static void WriteTime(BinaryWriter w, DateTimeOffset? time)
    {
        w.Write(time.HasValue);
        if (time is { } t)
        {
            w.Write(SqliteValues.ToDb(t));
        }
    }

    private static DateTimeOffset? ReadTime(BinaryReader r) => r.ReadBoolean() ? SqliteValues.FromDb(r.ReadInt64()) : null;

    private static void WriteBytes(BinaryWriter w, byte[]? bytes)
    {
        w.Write(bytes?.Length ?? -1);
        if (bytes is not null)
        {
            w.Write(bytes);
        }
    }

    private static byte[]? ReadBytes(BinaryReader r)
    {
        var length = r.ReadInt32();
        return length < 0 ? null : r.ReadBytes(length);
    }
}
