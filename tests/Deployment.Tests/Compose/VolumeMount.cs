namespace PasswordSync.Deployment.Tests.Compose;

/// <summary>A short-syntax volume entry: <c>source:target[:ro]</c>; a source starting with . or / is a bind mount.</summary>
internal sealed record VolumeMount(string Source, string Target, bool ReadOnly)
{
    public bool IsNamedVolume => !Source.StartsWith('.') && !Source.StartsWith('/');

    public static VolumeMount Parse(string entry)
    {
        var parts = entry.Split(':');
        return parts.Length switch
        {
            2 => new VolumeMount(parts[0], parts[1], ReadOnly: false),
            3 => new VolumeMount(parts[0], parts[1], ReadOnly: parts[2].Split(',').Contains("ro")),
            _ => throw new FormatException($"Volume entry '{entry}' is not source:target[:mode]."),
        };
    }
}
