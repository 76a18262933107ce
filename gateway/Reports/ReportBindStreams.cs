using System.Collections.Concurrent;
using Grpc.Core;
using PasswordSync.Common.V1;
using PasswordSync.Directory.V1;
using PasswordSync.ServiceDefaults;
using DirectoryClient = PasswordSync.Directory.V1.DirectorySync.DirectorySyncClient;

namespace PasswordSync.Gateway.Reports;

/// <summary>
/// A sync report's binds, sent over directory-sync's BulkPasswords streams instead of one VerifyPassword call each: a
/// stream carries its target once, and an item costs both services far less than a call of its own (no HTTP/2 stream,
/// headers, routing and interceptors per bind; a report makes one bind per account). Each stream carries one bind at a
/// time, so the report's per-target directory slots still decide how many binds a directory sees at once; idle
/// streams are reused by the next checks of the same target and closed with the report.
/// A bind whose answer does not come (stream broken, timeout, caller gone) fails as the call would have, its stream is
/// dropped, and it is never sent again: the bind may have been made, and a second one could count a second failure.
/// A directory-sync without BulkPasswords verifies (never the case today, but cheap to honour) gets the unary calls.
/// </summary>
internal sealed class ReportBindStreams(
    DirectoryClient directory,
    TimeSpan callTimeout,
    ILogger logger,
    CancellationToken reportCancelled) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<BindStream>> idle = new(StringComparer.Ordinal);
    private volatile bool unary;
    private long nextItem;

    /// <summary>The bind of one check, answered exactly as VerifyPassword would answer it (or fail).</summary>
    public async Task<VerifyPasswordResponse> VerifyAsync(VerifyPasswordRequest request,
        CancellationToken cancellationToken)
    {
        if (unary)
        {
            return await Unary(request, cancellationToken);
        }

        BindStream? stream = null;
        VerifyPasswordResponse answer;
        try
        {
            stream = Take(request.Target)
                     ?? new BindStream(directory.BulkPasswords(cancellationToken: reportCancelled), request.Target);
            answer = await stream.VerifyAsync(Interlocked.Increment(ref nextItem).ToString(
                System.Globalization.CultureInfo.InvariantCulture), request, callTimeout, cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            // The method itself is unknown: the stream was refused whole, so no bind reached a directory.
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }

            unary = true;
            ReportsLog.BindStreamsUnsupported(logger, request.Target.Id);
            return await Unary(request, cancellationToken);
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }

            throw;
        }

        idle.GetOrAdd(request.Target.Id, _ => []).Add(stream);
        return answer;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var streams in idle.Values)
        {
            while (streams.TryTake(out var stream))
            {
                await stream.DisposeAsync();
            }
        }
    }

    /// <summary>An idle stream for exactly this target (same credential and settings), or null.</summary>
    private BindStream? Take(Target target)
    {
        if (!idle.TryGetValue(target.Id, out var streams))
        {
            return null;
        }

        while (streams.TryTake(out var stream))
        {
            if (stream.Target.Equals(target))
            {
                return stream;
            }

            // The target changed during the report (e.g. its privileged password was rotated): a new stream.
            _ = stream.DisposeAsync().AsTask();
        }

        return null;
    }

    private async Task<VerifyPasswordResponse> Unary(VerifyPasswordRequest request, CancellationToken cancellationToken) =>
        await directory.VerifyPasswordAsync(request, deadline: DateTime.UtcNow + callTimeout,
            cancellationToken: cancellationToken);

    /// <summary>One BulkPasswords stream of one target, one item at a time.</summary>
    private sealed class BindStream(AsyncDuplexStreamingCall<BulkRequest, BulkResponse> call, Target target)
        : IAsyncDisposable
    {
        public Target Target { get; } = target;

        /// <summary>True until the first item was sent (the target goes with it, once per stream).</summary>
        private bool fresh = true;

        public async Task<VerifyPasswordResponse> VerifyAsync(string itemId, VerifyPasswordRequest request,
            TimeSpan timeout, CancellationToken cancellationToken)
        {
            var message = new BulkRequest { Target = fresh ? Target : null };
            message.Items.Add(new BulkItem
            {
                ItemId = itemId,
                Account = request.Account,
                Verify = new BulkVerify { Password = request.Password, PinnedServer = request.PinnedServer },
            });
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(timeout);
            try
            {
                await call.RequestStream.WriteAsync(message, wait.Token);
                fresh = false;
                if (!await call.ResponseStream.MoveNext(wait.Token))
                {
                    throw NoAnswer("the stream ended");
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RpcException(new Status(StatusCode.DeadlineExceeded,
                    $"directory-sync did not answer the bind within {timeout}; its outcome is unknown and it is not "
                    + "sent again"));
            }
            catch (IOException e)
            {
                throw NoAnswer(e.GetType().Name);
            }

            var response = call.ResponseStream.Current;
            if (response.ItemId != itemId)
            {
                throw NoAnswer("it answered another item");
            }

            return response.ResultCase switch
            {
                BulkResponse.ResultOneofCase.Verify => response.Verify,
                BulkResponse.ResultOneofCase.Error => throw RpcErrors.Create((StatusCode)response.Error.Code,
                    response.Error.Reason, response.Error.Message),
                _ => throw NoAnswer("it answered without a result"),
            };
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await call.RequestStream.CompleteAsync();
            }
            catch (Exception e) when (e is RpcException or InvalidOperationException or IOException)
            {
                // Already broken or finished: nothing left to close politely.
            }

            call.Dispose();
        }

        private static RpcException NoAnswer(string why) => RpcErrors.Create(StatusCode.Unavailable, Reason.Transient,
            $"directory-sync's bind stream gave no answer for this bind ({why}); its outcome is unknown and it is not "
            + "sent again");
    }
}
