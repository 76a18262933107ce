namespace PasswordSync.Vault.Model;

/// <summary>
/// Field names a record's secrets are sealed under (the AAD binds each ciphertext to its record and field, so a
/// pending password cannot be replayed as the current one without being re-sealed by the vault).
/// </summary>
public static class RecordFields
{
    public const string Password = "password";
    public const string PendingPassword = "pending_password";

    public static string History(string entryId) => $"history/{entryId}";
}
