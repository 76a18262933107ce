using System.Security.Cryptography;
using System.Text;

namespace PasswordSync.Gateway.Sync.Rotation;

/// <summary>
/// The rotation ids of one save-and-sync / rotate request: the first attempt, and the one retry a rotate may make after
/// a policy refusal. With a caller's request id they are derived from it (and the record), so a retry of the same
/// request finds the journal entries of the first one instead of changing the password again; the journal's own
/// request ids are derived from the rotation id, so each journal step is idempotent too.
/// </summary>
internal sealed record RotationIds(string First, string Retry)
{
    public static RotationIds For(RotationCommand command)
    {
        if (command.RotationId is { Length: > 0 } given)
        {
            return new RotationIds(given, Suffixed(given, "-r"));
        }

        var stem = command.RequestId is { Length: > 0 } requestId
            ? "q" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{command.RecordId}\n{requestId}")))[..40]
            : "g" + Guid.NewGuid().ToString("N");
        return new RotationIds(stem + "-1", stem + "-2");
    }

    public bool Contains(string? rotationId) => rotationId == First || rotationId == Retry;

    public static string BeginRequest(string rotationId) => rotationId + ".begin";

    public static string CommitRequest(string rotationId) => rotationId + ".commit";

    public static string AbortRequest(string rotationId) => rotationId + ".abort";

    private static string Suffixed(string id, string suffix) =>
        id.Length + suffix.Length <= 64 ? id + suffix : id[..(64 - suffix.Length)] + suffix;
}
