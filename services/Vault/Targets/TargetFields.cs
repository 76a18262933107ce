namespace PasswordSync.Vault.Targets;

/// <summary>The field name a target's privileged password is sealed under (owner = target id).</summary>
public static class TargetFields
{
    public const string PrivilegedPassword = "privileged_password";
}
