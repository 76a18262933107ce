using PasswordSync.ServiceDefaults;

namespace PasswordSync.Vault.Validation;

/// <summary>
/// Collects every problem of a request before refusing it, so the caller learns all offending fields at once
/// (google.rpc.BadRequest) instead of fixing them one round trip at a time.
/// </summary>
public sealed class Violations
{
    private readonly List<FieldViolation> items = [];

    public IReadOnlyList<FieldViolation> Items => items;

    public bool Any => items.Count > 0;

    public void Add(string field, string problem) => items.Add(new FieldViolation(field, problem));

    /// <summary>Throws InvalidArgument naming every collected field, when there is any.</summary>
    public void ThrowIfAny()
    {
        if (items.Count > 0)
        {
            throw RpcErrors.InvalidArgument(items);
        }
    }
}
