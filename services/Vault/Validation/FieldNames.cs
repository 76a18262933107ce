using System.Text;

namespace PasswordSync.Vault.Validation;

/// <summary>Turns model property names into the proto field names callers see in BadRequest violations.</summary>
public static class FieldNames
{
    /// <summary>"MinUppercase" → "min_uppercase"; names already in snake case are returned unchanged.</summary>
    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && name[i - 1] != '.')
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
