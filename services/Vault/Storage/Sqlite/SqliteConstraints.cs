using Microsoft.Data.Sqlite;

namespace PasswordSync.Vault.Storage.Sqlite;

internal static class SqliteConstraints
{
    private const int SqliteConstraint = 19;

    /// <summary>Runs an insert or update and turns a UNIQUE / PRIMARY KEY violation into AlreadyExists.</summary>
    public static async Task<T> UniqueAsync<T>(Func<Task<T>> statement, string message)
    {
        try
        {
            return await statement();
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint &&
                                        (e.SqliteExtendedErrorCode == 2067 || e.SqliteExtendedErrorCode == 1555))
        {
            throw new StoreException(StoreError.AlreadyExists, message);
        }
    }
}
