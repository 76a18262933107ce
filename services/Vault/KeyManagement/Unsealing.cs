using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.Crypto;

namespace PasswordSync.Vault.KeyManagement;

/// <summary>
/// Opens a sealed secret for an API response, turning a decryption failure into a status that says what to do (the
/// usual cause is a KEK removed from the keyring before its data keys were re-wrapped).
/// </summary>
internal static class Unsealing
{
    public static string Open(Func<string> open)
    {
        try
        {
            return open();
        }
        catch (SecretDecryptionException exception)
        {
            // The exception names owner, field and KEK version only, never plaintext or key material.
            throw RpcErrors.Create(StatusCode.FailedPrecondition, Reason.Configuration,
                exception.Message + " Check that the keyring still holds that KEK version (re-wrap with " +
                "RotateDataKeys before removing an old KEK).");
        }
    }
}
