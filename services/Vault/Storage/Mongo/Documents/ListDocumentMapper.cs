using PasswordSync.Vault.Model;
using PasswordSync.Vault.Passwords;

namespace PasswordSync.Vault.Storage.Mongo.Documents;

/// <summary>Converts password lists between the domain model and <see cref="ListDocument"/>.</summary>
internal static class ListDocumentMapper
{
    public static ListDocument ToDocument(PasswordList list) => new()
    {
        Id = list.Id,
        Name = list.Name,
        NameLower = list.Name.ToLowerInvariant(),
        Description = list.Description,
        StandardFields = list.Fields.StandardFields,
        GenericFields = [.. list.Fields.GenericFields.Select(f => new GenericFieldDocument { Key = f.Key, Label = f.Label })],
        Policy = ToDocument(list.Policy),
        PreventReuseCount = list.PreventReuseCount,
        Version = list.Version,
        CreatedAt = BsonDates.ToBson(list.CreatedAt),
        UpdatedAt = BsonDates.ToBson(list.UpdatedAt),
    };

    public static PolicyDocument ToDocument(PasswordPolicy p) => new()
    {
        Style = p.Style,
        Length = p.Length,
        MinUppercase = p.MinUppercase,
        MinLowercase = p.MinLowercase,
        MinDigits = p.MinDigits,
        MinSymbols = p.MinSymbols,
        UseUppercase = p.UseUppercase,
        UseLowercase = p.UseLowercase,
        UseDigits = p.UseDigits,
        UseSymbols = p.UseSymbols,
        ExcludedCharacters = p.ExcludedCharacters,
        WordCount = p.WordCount,
        WordSeparator = p.WordSeparator,
        WordPhraseComplexity = p.WordPhraseComplexity,
    };

    public static PasswordList ToModel(ListDocument d) => new()
    {
        Id = d.Id,
        Name = d.Name,
        Description = d.Description,
        Fields = new FieldConfiguration(d.StandardFields, [.. d.GenericFields.Select(f => new GenericField(f.Key, f.Label))]),
        Policy = ToModel(d.Policy),
        PreventReuseCount = d.PreventReuseCount,
        Version = d.Version,
        CreatedAt = BsonDates.FromBson(d.CreatedAt),
        UpdatedAt = BsonDates.FromBson(d.UpdatedAt),
    };

    public static PasswordPolicy ToModel(PolicyDocument p) => new()
    {
        Style = p.Style,
        Length = p.Length,
        MinUppercase = p.MinUppercase,
        MinLowercase = p.MinLowercase,
        MinDigits = p.MinDigits,
        MinSymbols = p.MinSymbols,
        UseUppercase = p.UseUppercase,
        UseLowercase = p.UseLowercase,
        UseDigits = p.UseDigits,
        UseSymbols = p.UseSymbols,
        ExcludedCharacters = p.ExcludedCharacters,
        WordCount = p.WordCount,
        WordSeparator = p.WordSeparator,
        WordPhraseComplexity = p.WordPhraseComplexity,
    };
}
