namespace PasswordSync.Vault.Validation;

/// <summary>Ids arrive from callers: refuse empty or absurd ones up front, so only plausible ids reach the store.</summary>
public static class Ids
{
    public const int MaxLength = 128;

    public static void Require(Violations violations, string field, string id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            violations.Add(field, "is required.");
        }
        else if (id.Length > MaxLength || TextRules.HasControlCharacter(id, allowLineBreaks: false))
        {
            violations.Add(field, $"is not a valid id (at most {MaxLength} printable characters).");
        }
    }

    /// <summary>Checks one id and throws InvalidArgument when it is not plausible.</summary>
    public static void Require(string field, string id)
    {
        var violations = new Violations();
        Require(violations, field, id);
        violations.ThrowIfAny();
    }

    public static string NewId() => Guid.NewGuid().ToString("N");
}
