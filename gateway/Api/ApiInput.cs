using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Api;

/// <summary>
/// Checks the gateway makes itself before calling a backend: ids, versions and update masks in the public names.
/// Problems are collected so one reply names every offending field; descriptions never echo a value.
/// </summary>
internal sealed class ApiInput
{
    public const int MaxIdLength = 128;

    private readonly List<FieldViolation> violations = [];

    public ApiInput Add(string field, string description)
    {
        violations.Add(new FieldViolation(field, description));
        return this;
    }

    public ApiInput Id(string field, string id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return Add(field, "is required.");
        }

        return id.Length > MaxIdLength || id.Any(char.IsControl)
            ? Add(field, $"is not a valid id (at most {MaxIdLength} printable characters).")
            : this;
    }

    /// <summary>Optimistic concurrency: the version the caller read (a missing one would overwrite blindly).</summary>
    public ApiInput Version(string field, long version) =>
        version > 0 ? this : Add(field, "is required: send the version you read (it changes with every update).");

    public void ThrowIfAny()
    {
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
    }

    public static void RequireId(string field, string id) => new ApiInput().Id(field, id).ThrowIfAny();
}
