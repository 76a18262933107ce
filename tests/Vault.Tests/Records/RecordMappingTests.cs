using PasswordSync.Common.V1;
using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Model;
using PasswordSync.Vault.Records;
using ProtoSyncState = PasswordSync.Vault.V1.RecordSyncState;

namespace PasswordSync.Vault.Tests.Records;

public sealed class RecordMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Record_maps_without_any_secret_and_with_its_pending_rotation_summary()
    {
        var record = new PasswordRecord
        {
            Id = "r1",
            ListId = "l1",
            Title = "t",
            UserName = "CORP\\u",
            AccountType = AccountKind.Linux,
            GenericValues = new Dictionary<string, string> { ["generic2"] = "host1" },
            DomainOrHost = "host1",
            DataKey = new WrappedDataKey(1, [9, 9, 9]),
            SealedPassword = [1, 2, 3],
            PasswordChangedAt = Now,
            SyncState = SyncState.OutOfSync,
            SyncReason = "drift",
            Pending = new PendingRotation
            {
                RotationId = "rot",
                SealedPassword = [4, 5, 6],
                Owner = "gw-1",
                LeaseExpiresAt = Now.AddMinutes(5),
                StartedAt = Now,
                Actor = "alice",
                Reason = "rotate",
                ClaimCount = 2,
            },
            Version = 7,
            CreatedAt = Now,
            UpdatedAt = Now,
        };

        var proto = RecordMapping.ToProto(record);

        Assert.True(proto.HasPassword);
        Assert.Equal(AccountType.Linux, proto.AccountType);
        Assert.Equal(ProtoSyncState.OutOfSync, proto.SyncState);
        Assert.Equal("host1", proto.DomainOrHost);
        Assert.Equal("host1", proto.GenericValues["generic2"]);
        Assert.Equal(7, proto.Version);
        Assert.Equal("rot", proto.PendingRotation.RotationId);
        Assert.Equal("gw-1", proto.PendingRotation.Owner);
        Assert.Equal(2, proto.PendingRotation.ClaimCount);
        Assert.Null(proto.DeleteTime);
        // No field of the message can carry secret bytes: the descriptor has no bytes field at all.
        Assert.DoesNotContain(V1.Record.Descriptor.Fields.InDeclarationOrder(),
            f => f.FieldType == Google.Protobuf.Reflection.FieldType.Bytes || f.Name.Contains("password", StringComparison.Ordinal) && f.Name != "has_password" && f.Name != "password_change_time");
    }

    [Fact]
    public void Record_without_password_says_so()
    {
        var record = new PasswordRecord { Id = "r", ListId = "l", DataKey = new WrappedDataKey(1, [1]), DeletedAt = Now };

        var proto = RecordMapping.ToProto(record);

        Assert.False(proto.HasPassword);
        Assert.Null(proto.PendingRotation);
        Assert.Equal(Now, proto.DeleteTime.ToDateTimeOffset());
    }
}
