using Grpc.Core;
using PasswordSync.Directory.V1;
using PasswordSync.Gateway.Sync;
using PasswordSync.Gateway.Sync.Rotation;
using DirectoryClient = PasswordSync.Directory.V1.DirectorySync.DirectorySyncClient;
using DirectoryTarget = PasswordSync.Directory.V1.Target;

namespace PasswordSync.Gateway.Jobs;

/// <summary>One reset to send over a BulkPasswords stream: the item id is the rotation id.</summary>
internal sealed record BulkReset(string RotationId, string Account, string NewPassword);

/// <summary>
/// The APPLY step of a batch: resets over directory-sync's BulkPasswords stream (one stream, few pooled connections,
/// no per-item call set-up), at most <c>window</c> items in flight at the directory across every stream of the
/// target, and nothing sent once the time left before <c>deadline</c> cannot cover one apply. An item without an
/// answer (stream broken, deadline reached, never sent) is ambiguous: it stays pending and is settled by evidence,
/// never sent again blindly.
/// </summary>
internal sealed class BulkDirectoryApply(DirectoryClient directory, CrashPoints crashPoints, TimeProvider clock)
{
    public async Task<Dictionary<string, ApplyResult>> ApplyAsync(DirectoryTarget target,
        IReadOnlyList<BulkReset> resets, bool verify, SemaphoreSlim window, DateTime deadline, TimeSpan applyDeadline,
        CancellationToken cancellationToken)
    {
        var results = new Dictionary<string, ApplyResult>(resets.Count, StringComparer.Ordinal);
        var outstanding = 0;
        using var call = directory.BulkPasswords(deadline: deadline, cancellationToken: cancellationToken);
        // When the answers stop (stream ended or broken), sending stops too: no slot would ever be given back.
        using var answersEnded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadAsync(call, results, window, () => Interlocked.Decrement(ref outstanding), answersEnded);
        var sending = answersEnded.Token;
        try
        {
            var first = true;
            foreach (var reset in resets)
            {
                await window.WaitAsync(sending);
                if (clock.GetUtcNow().UtcDateTime + applyDeadline > deadline)
                {
                    // Too late to finish before the rotation's lease: not sent, so settled by evidence later.
                    window.Release();
                    break;
                }

                Interlocked.Increment(ref outstanding);
                var request = new BulkRequest { Target = first ? target : null };
                request.Items.Add(new BulkItem
                {
                    ItemId = reset.RotationId,
                    Account = reset.Account,
                    Reset = new Directory.V1.BulkReset { NewPassword = reset.NewPassword, VerifyAfterWrite = verify },
                });
                first = false;
                await call.RequestStream.WriteAsync(request, sending);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or IOException
                                      or OperationCanceledException)
        {
            // The stream broke while sending: what was answered stands, the rest is ambiguous (below).
        }

        await reading;

        // Slots of items that never got an answer.
        var unanswered = Volatile.Read(ref outstanding);
        if (unanswered > 0)
        {
            window.Release(unanswered);
        }

        lock (results)
        {
            foreach (var reset in resets)
            {
                results.TryAdd(reset.RotationId, new ApplyResult.Ambiguous("TRANSIENT",
                    "directory-sync did not answer for this reset (stream ended or deadline reached)"));
            }
        }

        return results;
    }

    private async Task ReadAsync(AsyncDuplexStreamingCall<BulkRequest, BulkResponse> call,
        Dictionary<string, ApplyResult> results, SemaphoreSlim window, Func<int> answered,
        CancellationTokenSource answersEnded)
    {
        await Task.Yield();
        try
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                var response = call.ResponseStream.Current;
                var result = response.ResultCase switch
                {
                    BulkResponse.ResultOneofCase.Reset => new ApplyResult.Applied(response.Reset),
                    BulkResponse.ResultOneofCase.Error => DirectoryFailures.Classify(response.Error, "reset"),
                    _ => (ApplyResult)new ApplyResult.Ambiguous("UNKNOWN", "directory-sync answered without a result"),
                };
                lock (results)
                {
                    results[response.ItemId] = result;
                }

                answered();
                window.Release();
                crashPoints.Hit(CrashPoints.AfterApply);
            }
        }
        catch (RpcException)
        {
            // Deadline, cancellation or a broken stream: unanswered items are ambiguous.
        }
        finally
        {
            await answersEnded.CancelAsync();
        }
    }
}
