namespace PasswordSync.Gateway.Api;

/// <summary>
/// How a backend's field names become the public API's in BadRequest violations, where the two differ (e.g. the
/// vault's <c>id</c> is the public <c>record_id</c>). A rule renames a field and everything under it
/// (<c>record.generic_values.generic1</c> → <c>record.generic_fields.generic1</c>); the first matching rule wins.
/// </summary>
internal sealed class FieldNames(params (string Backend, string Public)[] rules)
{
    public static FieldNames Same { get; } = new();

    public string ToPublic(string field)
    {
        foreach (var (backend, publicName) in rules)
        {
            if (field.Length == backend.Length && field == backend)
            {
                return publicName;
            }

            if (field.StartsWith(backend, StringComparison.Ordinal) && field[backend.Length] is '.' or '[')
            {
                return publicName + field[backend.Length..];
            }
        }

        return field;
    }
}
