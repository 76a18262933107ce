namespace PasswordSync.DirectorySync.Connectors.OpenLdap;

/// <summary>libldap's client-side error numbers that S.DS.Protocols surfaces as <c>LdapException.ErrorCode</c>.</summary>
internal static class LdapResultCodes
{
    public const int InvalidCredentials = 49;
    public const int Busy = 51;
    public const int Unavailable = 52;
    public const int ServerDown = 81;
    public const int LocalError = 82;
    public const int Timeout = 85;
    public const int ConnectError = 91;

    /// <summary>Errors that mean "the server did not answer (now)": worth another try later.</summary>
    public static bool IsTransient(int code) => code is Busy or Unavailable or ServerDown or Timeout or ConnectError;
}
