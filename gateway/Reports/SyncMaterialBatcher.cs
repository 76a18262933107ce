using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using PasswordSync.ServiceDefaults;
using PasswordSync.Vault.V1;

namespace PasswordSync.Gateway.Reports;

/// <summary>
/// Hands a sync report's checks their sync material through the vault's batch call: the checks that ask within
/// <c>linger</c> of each other, or while a call is on its way, wait together and go in one call (at most
/// <see cref="MaxItems"/>), so one vault call and one durable audit transaction serve several checks instead of one
/// each. Without the linger the calls carried one or two checks: in a report checks arrive one by one, as binds finish.
/// The wait is hidden behind the checks already waiting for the directory (up to 2N per target are getting ready). Each check gets exactly what
/// GetSyncMaterial would have given it: its material, or the same refusal as an <see cref="RpcException"/>.
/// A vault that does not know the batch call yet (an older version) is asked one record at a time.
/// </summary>
internal sealed class SyncMaterialBatcher : IAsyncDisposable
{
    /// <summary>The vault's own limit per call.</summary>
    public const int MaxItems = 100;

    private readonly SyncMaterialService.SyncMaterialServiceClient vault;
    private readonly TimeSpan callTimeout;
    private readonly Channel<Wanted> wanted = Channel.CreateUnbounded<Wanted>(new UnboundedChannelOptions
    {
        SingleReader = true,
    });

    private readonly CancellationTokenSource stop = new();
    private readonly TimeSpan linger;
    private readonly Task sender;
    private bool oneAtATime;

    public SyncMaterialBatcher(SyncMaterialService.SyncMaterialServiceClient vault, TimeSpan callTimeout,
        TimeSpan linger)
    {
        this.vault = vault;
        this.callTimeout = callTimeout;
        this.linger = linger;
        sender = Task.Run(SendAsync);
    }

    public async Task<SyncMaterialResponse> GetAsync(string recordId, string targetId,
        CancellationToken cancellationToken)
    {
        var item = new Wanted(new GetSyncMaterialRequest { RecordId = recordId, TargetId = targetId });
        ObjectDisposedException.ThrowIf(!wanted.Writer.TryWrite(item), this);

        return await item.Answer.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        wanted.Writer.TryComplete();
        await stop.CancelAsync();
        await sender;
        stop.Dispose();
    }

    private async Task SendAsync()
    {
        var batch = new List<Wanted>(MaxItems);
        try
        {
            while (await wanted.Reader.WaitToReadAsync(stop.Token))
            {
                if (linger > TimeSpan.Zero)
                {
                    await Task.Delay(linger, stop.Token);
                }

                while (batch.Count < MaxItems && wanted.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                await AnswerAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The report ended: nobody waits for what is still queued.
        }

        foreach (var left in batch)
        {
            left.Answer.TrySetCanceled();
        }

        while (wanted.Reader.TryRead(out var left))
        {
            left.Answer.TrySetCanceled();
        }
    }

    private async Task AnswerAsync(List<Wanted> batch)
    {
        if (oneAtATime)
        {
            await Task.WhenAll(batch.Select(AnswerAloneAsync));
            return;
        }

        var request = new GetSyncMaterialsRequest();
        request.Items.AddRange(batch.Select(item => item.Request));
        GetSyncMaterialsResponse response;
        try
        {
            response = await vault.GetSyncMaterialsAsync(request, deadline: DateTime.UtcNow + callTimeout,
                cancellationToken: stop.Token);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            oneAtATime = true;
            await Task.WhenAll(batch.Select(AnswerAloneAsync));
            return;
        }
        catch (RpcException e)
        {
            // The call itself failed: every check in it fails as its own call would have.
            batch.ForEach(item => item.Answer.TrySetException(e));
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var outcome = i < response.Outcomes.Count ? response.Outcomes[i] : null;
            if (outcome?.Material is { } material)
            {
                batch[i].Answer.TrySetResult(material);
            }
            else
            {
                batch[i].Answer.TrySetException(Refusal(outcome));
            }
        }
    }

    private async Task AnswerAloneAsync(Wanted item)
    {
        try
        {
            item.Answer.TrySetResult(await vault.GetSyncMaterialAsync(item.Request,
                deadline: DateTime.UtcNow + callTimeout, cancellationToken: stop.Token));
        }
        catch (RpcException e)
        {
            item.Answer.TrySetException(e);
        }
    }

    /// <summary>The refusal GetSyncMaterial would have thrown, rebuilt from the item's outcome.</summary>
    private static RpcException Refusal(SyncMaterialOutcome? outcome)
    {
        if (outcome is null || outcome.StatusCode == 0)
        {
            return RpcErrors.Create(StatusCode.Internal, Common.V1.Reason.Unspecified,
                "The vault answered the sync-material batch without this record's material or a reason: update the "
                + "vault.");
        }

        var status = new Google.Rpc.Status { Code = outcome.StatusCode, Message = outcome.Message };
        if (outcome.ReasonCode.Length > 0)
        {
            status.Details.Add(Any.Pack(new ErrorInfo { Domain = RpcErrors.ErrorDomain, Reason = outcome.ReasonCode }));
        }

        return status.ToRpcException();
    }

    private sealed record Wanted(GetSyncMaterialRequest Request)
    {
        public TaskCompletionSource<SyncMaterialResponse> Answer { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
