namespace PasswordSync.Cli.Infrastructure;

/// <summary>Follows next_page_token until the last page (bounded, in case a server kept handing out the same token).</summary>
public static class Paging
{
    private const int MaxPages = 10_000;

    public static async Task<List<T>> AllAsync<T>(Func<string, Task<(IEnumerable<T> Items, string Next)>> page)
    {
        var all = new List<T>();
        var token = "";
        for (var pages = 0; pages < MaxPages; pages++)
        {
            var (items, next) = await page(token);
            all.AddRange(items);
            if (string.IsNullOrEmpty(next) || next == token)
            {
                break;
            }

            token = next;
        }

        return all;
    }
}
