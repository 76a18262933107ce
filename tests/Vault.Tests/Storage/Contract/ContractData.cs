using System.Security.Cryptography;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Passwords;

namespace PasswordSync.Vault.Tests.Storage.Contract;

/// <summary>
/// Builders for the contract tests. Secrets are random bytes: the store only ever sees sealed bytes, so what matters
/// is that they round-trip exactly.
/// </summary>
public static class ContractData
{
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static byte[] Sealed(int length = 60) => RandomNumberGenerator.GetBytes(length);

    public static AuditDraft Draft(AuditAction action, string actor = "alice") =>
        new() { Action = action, Actor = actor, Detail = $"{action} by {actor}" };

    public static PasswordList List(string? name = null) => new()
    {
        Id = NewId("list"),
        Name = name ?? NewId("List"),
        Description = "Domain admins",
        Fields = new FieldConfiguration(
            StandardFields.Title | StandardFields.UserName | StandardFields.AccountType | StandardFields.Notes,
            [new GenericField("generic1", "Domain or Host"), new GenericField("generic2", "Owner team")]),
        Policy = PasswordPolicy.Default with { Length = 24, ExcludedCharacters = "lI0O" },
        PreventReuseCount = 5,
    };

    public static PasswordRecord Record(string listId, string? title = null, string userName = "svc-backup",
        string domainOrHost = "corp.example.com") => new()
        {
            Id = NewId("rec"),
            ListId = listId,
            Title = title ?? "Backup service",
            UserName = userName,
            AccountType = AccountKind.Windows,
            Description = "Runs the nightly backup",
            Url = "https://backup.example.com",
            Notes = "Rotated monthly",
            ExpiresAt = new DateTimeOffset(2027, 3, 4, 5, 6, 7, 891, TimeSpan.Zero),
            GenericValues = new Dictionary<string, string> { ["generic1"] = domainOrHost, ["generic2"] = "Ops" },
            DomainOrHost = domainOrHost,
            DataKey = new WrappedDataKey(1, Sealed(60)),
            SealedPassword = Sealed(),
            PasswordChangedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero),
        };

    public static PendingRotation Pending(string owner, DateTimeOffset leaseExpiresAt, string? rotationId = null) => new()
    {
        RotationId = rotationId ?? NewId("rot"),
        SealedPassword = Sealed(),
        Owner = owner,
        LeaseExpiresAt = leaseExpiresAt,
        StartedAt = leaseExpiresAt.AddMinutes(-5),
        Reason = "rotate",
        Actor = "alice",
    };

    public static PasswordHistoryEntry History(string recordId, DateTimeOffset replacedAt) => new()
    {
        Id = NewId("hist"),
        RecordId = recordId,
        SealedPassword = Sealed(),
        ReplacedAt = replacedAt,
        ChangedBy = "alice",
        Reason = "user edit",
    };

    public static Target Target(params string[] names) => new()
    {
        Id = NewId("target"),
        Kind = TargetKind.ActiveDirectory,
        Names = names.Length > 0 ? names : [NewId("dc") + ".example.com"],
        Endpoints = ["dc1.example.com:636", "dc2.example.com:636"],
        CaCertificatePem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        UseStartTls = true,
        BaseDn = "DC=corp,DC=example,DC=com",
        PrivilegedAccount = "CORP\\pwsync",
        SealedPrivilegedPassword = Sealed(),
        PrivilegedPasswordKekVersion = 1,
        SshHostKeyFingerprint = "SHA256:abc",
    };

    public static BulkJob Job(string listId) => new()
    {
        Id = NewId("job"),
        Kind = "bulk_rotation",
        ListId = listId,
        OptionsJson = """{"dryRun":false}""",
        CreatedBy = "alice",
    };

    public static ApiKey ApiKey() => new()
    {
        Id = NewId("key"),
        Name = "automation",
        Prefix = "pws_ab12",
        Hash = Sealed(32),
        Permissions = ApiPermissions.Read | ApiPermissions.Reveal,
        ListIds = ["list-a", "list-b"],
        CreatedBy = "admin",
        ExpiresAt = new DateTimeOffset(2027, 1, 1, 0, 0, 0, 123, TimeSpan.Zero),
    };
}
