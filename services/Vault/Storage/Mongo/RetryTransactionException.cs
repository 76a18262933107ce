namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>
/// A concurrent writer got there first in a way the server does not report as a transient transaction error (its
/// commit landed before our snapshot was taken): the whole transaction is run again on fresh data.
/// </summary>
internal sealed class RetryTransactionException(string message) : Exception(message);
