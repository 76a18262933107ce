using Grpc.Core;
using Grpc.Net.Client;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Tests.Reports;

/// <summary>
/// The gateway's vault records client, talking to the REAL vault, that counts how many records the vault has handed
/// out through SearchRecords: the measure of how far a report has read ahead of what it has streamed.
/// </summary>
public sealed class CountingRecordsClient(GrpcChannel channel) : PasswordRecords.PasswordRecordsClient(channel)
{
    private int recordsRead;

    public int RecordsRead => Volatile.Read(ref recordsRead);

    public override AsyncUnaryCall<SearchRecordsResponse> SearchRecordsAsync(SearchRecordsRequest request,
        CallOptions options)
    {
        var call = base.SearchRecordsAsync(request, options);
        return new AsyncUnaryCall<SearchRecordsResponse>(Count(call.ResponseAsync), call.ResponseHeadersAsync,
            call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private async Task<SearchRecordsResponse> Count(Task<SearchRecordsResponse> response)
    {
        var page = await response;
        Interlocked.Add(ref recordsRead, page.Records.Count);
        return page;
    }
}
