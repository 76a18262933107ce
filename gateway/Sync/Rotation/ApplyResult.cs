using PasswordSync.Directory.V1;

namespace PasswordSync.Gateway.Sync.Rotation;

/// <summary>What the directory did with a pending password.</summary>
internal abstract record ApplyResult
{
    /// <summary>The directory took the write (on <see cref="Write"/>.Server).</summary>
    public sealed record Applied(WriteResponse Write) : ApplyResult;

    /// <summary>
    /// The directory certainly did not take it (policy, rights, account, TLS or configuration problem found before any
    /// write): the pending password may be dropped.
    /// </summary>
    public sealed record Refused(string ReasonCode, string Message) : ApplyResult;

    /// <summary>The write may or may not have landed (timeout, unavailable): the pending password must be kept.</summary>
    public sealed record Ambiguous(string ReasonCode, string Message) : ApplyResult;
}
