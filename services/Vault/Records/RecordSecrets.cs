using PasswordSync.Vault.Crypto;
using PasswordSync.Vault.Model;

namespace PasswordSync.Vault.Records;

/// <summary>
/// The record's secrets through <see cref="IRecordCipher"/>: each sealed under the record's own data key and bound to
/// its field ("password", "history/{entryId}"), so a value cannot be replayed into another record or field.
/// </summary>
internal sealed class RecordSecrets(IRecordCipher cipher)
{
    public WrappedDataKey NewDataKey(string recordId) => cipher.NewDataKey(recordId);

    public byte[] SealPassword(PasswordRecord record, string password) =>
        cipher.Seal(record.DataKey, record.Id, RecordFields.Password, password);

    public string OpenPassword(PasswordRecord record) =>
        cipher.Open(record.DataKey, record.Id, RecordFields.Password,
            record.SealedPassword ?? throw new InvalidOperationException($"Record '{record.Id}' has no password."));

    public byte[] SealHistory(PasswordRecord record, string entryId, string password) =>
        cipher.Seal(record.DataKey, record.Id, RecordFields.History(entryId), password);

    public string OpenHistory(PasswordRecord record, PasswordHistoryEntry entry) =>
        cipher.Open(record.DataKey, record.Id, RecordFields.History(entry.Id), entry.SealedPassword);
}
