namespace PasswordSync.Gateway.Auth;

/// <summary>
/// The authenticated caller of a public API call: the API key's id and name, its permissions and the lists it may
/// touch (empty = every list). Set by the authentication interceptor before any service method runs.
/// </summary>
public sealed record GatewayCaller(
    string KeyId,
    string KeyName,
    IReadOnlySet<Access> Permissions,
    IReadOnlySet<string> ListIds)
{
    public bool IsAdmin => Permissions.Contains(Access.Admin);

    /// <summary>The actor name passed to the vault (audit) for this caller.</summary>
    public string Actor => $"apikey:{KeyId}";

    public bool Has(Access permission) => IsAdmin || Permissions.Contains(permission);

    /// <summary>True when the key is scoped to every list, or to this one.</summary>
    public bool CanTouchList(string listId) => IsAdmin || ListIds.Count == 0 || ListIds.Contains(listId);
}
