namespace PasswordSync.Vault.Security;

/// <summary>
/// Who is calling the vault. Only the gateway may call it; the gateway passes the acting user (API key id or name)
/// in the <see cref="ActorHeader"/> metadata, which is trusted only on a call authenticated as the gateway.
/// </summary>
public sealed record Caller(string Actor, bool IsGateway)
{
    /// <summary>Metadata key carrying the acting user from the gateway.</summary>
    public const string ActorHeader = "x-passwordsync-actor";
}
