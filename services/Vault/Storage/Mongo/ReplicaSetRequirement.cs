using MongoDB.Bson;

namespace PasswordSync.Vault.Storage.Mongo;

/// <summary>
/// The store needs multi-document transactions (a change and its audit event commit together), which MongoDB offers
/// only on a replica set or a sharded cluster. Decides from the server's <c>hello</c> reply.
/// </summary>
internal static class ReplicaSetRequirement
{
    /// <summary>Null when transactions are available, otherwise what is wrong and how to fix it.</summary>
    public static string? Problem(BsonDocument hello)
    {
        if (hello.Contains("setName") || hello.GetValue("msg", "").ToString() == "isdbgrid")
        {
            return null;
        }

        return "The MongoDB server is a standalone server, but the vault store needs a replica set (it commits each "
            + "change and its audit event in one transaction). Start mongod with --replSet (for example "
            + "--replSet rs0), run rs.initiate() once, and put replicaSet=rs0 in the connection string.";
    }
}
