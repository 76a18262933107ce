namespace PasswordSync.Vault.Storage;

/// <summary>
/// A page request. <see cref="PageToken"/> is opaque to callers: stores encode the position after the last item
/// (keyset paging, stable under concurrent inserts) and reject a token they did not issue with InvalidPageToken.
/// </summary>
public sealed record PageRequest(int PageSize, string? PageToken)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 1000;

    public static PageRequest First(int size = DefaultSize) => new(size, null);

    /// <summary>The size to use: 0 means the default, anything over the maximum is capped.</summary>
    public int EffectiveSize => PageSize <= 0 ? DefaultSize : Math.Min(PageSize, MaxSize);
}

/// <summary>One page of results; <see cref="NextPageToken"/> is empty on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string NextPageToken);
