namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>A password list in the "lists" collection.</summary>
internal sealed class ListDocument
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Lowercase shadow of the name, under a unique index (names are unique case-insensitively).</summary>
    public string NameLower { get; set; } = "";

    public string Description { get; set; } = "";

    public Model.StandardFields StandardFields { get; set; }

    public List<GenericFieldDocument> GenericFields { get; set; } = [];

    public PolicyDocument Policy { get; set; } = new();

    public int PreventReuseCount { get; set; }

    /// <summary>
    /// Records ever created in the list minus those purged. Creating a record increments it in the same transaction,
    /// so a concurrent list delete and record create write the same document and cannot both commit.
    /// </summary>
    public long RecordCount { get; set; }

    public long Version { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>One labelled generic field of a list.</summary>
internal sealed class GenericFieldDocument
{
    public string Key { get; set; } = "";

    public string Label { get; set; } = "";
}
