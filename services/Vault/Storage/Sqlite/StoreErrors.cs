namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>The refusals every store part raises, with messages naming ids only.</summary>
internal static class StoreErrors
{
    public static StoreException NotFound(string what, string id) =>
        new(StoreError.NotFound, $"{what} '{id}' does not exist.");

    public static StoreException VersionConflict(string what, string id, long expected, long actual) =>
        new(StoreError.VersionConflict,
            $"{what} '{id}' was changed by someone else (version {actual}, the request read {expected}); read it again.");

    public static void CheckVersion(string what, string id, long expected, long actual)
    {
        if (expected != actual)
        {
            throw VersionConflict(what, id, expected, actual);
        }
    }
}
