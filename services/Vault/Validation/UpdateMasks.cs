using Google.Protobuf.WellKnownTypes;

namespace PasswordSync.Vault.Validation;

/// <summary>
/// Field masks of update calls. An empty mask is refused rather than read as "replace everything": a client that
/// forgets the mask must not wipe fields it did not mean to touch.
/// </summary>
public static class UpdateMasks
{
    public static IReadOnlyList<string> Paths(FieldMask? mask, Func<string, bool> isKnown, string knownPathsText,
        Violations violations)
    {
        if (mask is null || mask.Paths.Count == 0)
        {
            violations.Add("update_mask", $"is required: name the fields to change ({knownPathsText}).");
            return [];
        }

        var paths = new List<string>();
        foreach (var path in mask.Paths)
        {
            if (!isKnown(path))
            {
                violations.Add("update_mask", $"'{Shorten(path)}' is not a field that can be updated ({knownPathsText}).");
            }
            else if (!paths.Contains(path, StringComparer.Ordinal))
            {
                paths.Add(path);
            }
        }

        return paths;
    }

    private static string Shorten(string path) => path.Length <= 64 ? path : path[..64] + "…";
}
