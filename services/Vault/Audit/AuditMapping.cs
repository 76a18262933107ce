using PasswordSync.Vault.Security;
using ModelAuditEvent = PasswordSync.Vault.Model.AuditEvent;

namespace PasswordSync.Vault.Audit;

internal static class AuditMapping
{
    public static V1.AuditEvent ToProto(this ModelAuditEvent e) => new()
    {
        Sequence = e.Sequence,
        Time = e.Time.ToProto(),
        Action = e.Action.ToString(),
        Actor = e.Actor,
        ListId = e.ListId,
        RecordId = e.RecordId,
        TargetId = e.TargetId,
        Detail = e.Detail,
        RequestId = e.RequestId,
        PreviousHash = Convert.ToHexStringLower(e.PreviousHash),
        Hash = Convert.ToHexStringLower(e.Hash),
    };
}
