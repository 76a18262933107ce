namespace PasswordSync.DirectorySync.Connectors.Ldap;

/// <summary>
/// LDAP result codes (RFC 4511) and libldap's client-side error numbers, as S.DS.Protocols surfaces them in
/// <c>LdapException.ErrorCode</c> (or <c>DirectoryResponse.ResultCode</c>), for the AD and OpenLDAP connectors.
/// </summary>
internal static class LdapResultCodes
{
    public const int ConstraintViolation = 19;
    public const int NoSuchObject = 32;
    public const int InvalidCredentials = 49;
    public const int InsufficientAccessRights = 50;
    public const int Busy = 51;
    public const int Unavailable = 52;
    public const int UnwillingToPerform = 53;
    public const int ServerDown = 81;
    public const int LocalError = 82;
    public const int Timeout = 85;
    public const int ConnectError = 91;

    /// <summary>
    /// Errors that mean "the server did not answer (now)": worth another try later, for the OpenLDAP connector. (The
    /// AD connector also retries LocalError, 82; the OpenLDAP connector first probes TLS on it. Each keeps its own,
    /// tested, classification.)
    /// </summary>
    public static bool IsTransient(int code) => code is Busy or Unavailable or ServerDown or Timeout or ConnectError;
}
