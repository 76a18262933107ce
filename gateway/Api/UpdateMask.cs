using Google.Protobuf.WellKnownTypes;

namespace PasswordSync.Gateway.Api;

/// <summary>
/// The paths of a public update_mask, checked against the resource's settable and output-only fields. An empty mask is
/// refused rather than read as "replace everything": a client that forgets it must not wipe what it did not send.
/// </summary>
internal static class UpdateMask
{
    public static IReadOnlyList<string> Paths(FieldMask? mask, Func<string, bool> isSettable,
        IReadOnlySet<string> outputOnly, string settableText, ApiInput input,
        IReadOnlyDictionary<string, string>? changedElsewhere = null)
    {
        if (mask is null || mask.Paths.Count == 0)
        {
            input.Add("update_mask", $"is required: name the fields to change ({settableText}).");
            return [];
        }

        var paths = new List<string>();
        foreach (var path in mask.Paths)
        {
            var shown = path.Length <= 64 ? path : path[..64] + "…";
            if (changedElsewhere?.GetValueOrDefault(path) is { } explanation)
            {
                input.Add("update_mask", $"'{shown}' {explanation}");
            }
            else if (outputOnly.Contains(path))
            {
                input.Add("update_mask", $"'{shown}' is output only and cannot be changed.");
            }
            else if (!isSettable(path))
            {
                input.Add("update_mask", $"'{shown}' is not a field that can be updated ({settableText}).");
            }
            else if (!paths.Contains(path, StringComparer.Ordinal))
            {
                paths.Add(path);
            }
        }

        return paths;
    }
}
