using System.Buffers.Text;
using System.Text;
using Grpc.Core;
using PasswordSync.Gateway.Auth;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Api.Lists;

/// <summary>
/// ListLists for a key scoped to some lists: pages over the key's own list ids (ordered, as the vault orders lists),
/// reading each list, so the answer never names a list outside the scope and costs nothing per unrelated list.
/// Lists deleted since the key was made are skipped. The page token is the last id returned.
/// </summary>
internal sealed class ScopedListPager(PasswordLists.PasswordListsClient lists)
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 1000;

    public async Task<V1.ListListsResponse> PageAsync(GatewayCaller caller, V1.ListListsRequest request,
        CancellationToken cancellationToken)
    {
        var after = DecodeToken(request.PageToken);
        var size = request.PageSize <= 0 ? DefaultPageSize : Math.Min(request.PageSize, MaxPageSize);
        var remaining = caller.ListIds.Where(id => after is null || string.CompareOrdinal(id, after) > 0)
            .Order(StringComparer.Ordinal).ToList();

        var response = new V1.ListListsResponse();
        var taken = 0;
        foreach (var id in remaining)
        {
            if (taken == size)
            {
                response.NextPageToken = EncodeToken(remaining[taken - 1]);
                break;
            }

            taken++;
            try
            {
                var list = await lists.GetListAsync(new GetListRequest { Id = id }, cancellationToken: cancellationToken);
                response.Lists.Add(ListMapping.ToPublic(list));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                // Deleted after the key was scoped to it: nothing to show.
            }
        }

        return response;
    }

    private static string EncodeToken(string lastId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes("after:" + lastId));

    private static string? DecodeToken(string token)
    {
        if (token.Length == 0)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith("after:", StringComparison.Ordinal))
            {
                return text["after:".Length..];
            }
        }
        catch (FormatException)
        {
            // Falls through to the same answer as a well-formed token we did not issue.
        }

        throw RpcErrors.InvalidArgument("page_token", "was not issued by this call: start again without a page token.");
    }
}
