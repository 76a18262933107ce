namespace PasswordSync.Gateway.Tests.Observability;

/// <summary>The service.name resource attribute of each process (its application name, unless OTEL_SERVICE_NAME).</summary>
public static class ServiceNames
{
    public const string Gateway = "PasswordSync.Gateway";
    public const string Vault = "PasswordSync.Vault";
    public const string DirectorySync = "PasswordSync.DirectorySync";

    public static readonly IReadOnlyList<string> All = [Gateway, Vault, DirectorySync];
}
