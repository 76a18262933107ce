using MongoDB.Driver;

namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>Recognises server errors the store turns into <see cref="StoreException"/>s.</summary>
internal static class MongoErrors
{
    private const int DuplicateKeyCode = 11000;

    public static bool IsDuplicateKey(MongoException exception) => exception switch
    {
        MongoWriteException write => write.WriteError?.Category == ServerErrorCategory.DuplicateKey,
        MongoBulkWriteException bulk => bulk.WriteErrors.Any(e => e.Category == ServerErrorCategory.DuplicateKey),
        MongoCommandException command => command.Code == DuplicateKeyCode,
        _ => false,
    };
}
