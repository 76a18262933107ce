namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>A record's data key wrapped by a key-encryption key of the keyring.</summary>
internal sealed class DataKeyDocument
{
    public int KekVersion { get; set; }

    public byte[] Wrapped { get; set; } = [];
}
