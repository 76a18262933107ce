using Google.Protobuf.WellKnownTypes;

namespace PasswordSync.Vault.Security;

/// <summary>Optional times to and from protobuf (null ↔ unset).</summary>
internal static class ProtoTime
{
    public static Timestamp? ToProto(this DateTimeOffset? time) => time is { } value ? Timestamp.FromDateTimeOffset(value) : null;

    public static Timestamp ToProto(this DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);
}
