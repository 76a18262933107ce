using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using PasswordSync.Directory.V1;

namespace PasswordSync.Gateway.Tests.Reports;

/// <summary>
/// TEST DOUBLE of directory-sync's BulkPasswords (and VerifyPassword) as the gateway's client sees them, to drive the
/// report's bind streams through what the real service cannot be made to do on demand: answer an item with an error,
/// never answer, or refuse the stream as an older version would. Every request written is kept, per stream.
/// </summary>
public sealed class ScriptedBulkStreams : DirectorySync.DirectorySyncClient
{
    private int unaryVerifies;

    /// <summary>How each bind item is answered: a response, or null for no answer at all.</summary>
    public Func<BulkItem, BulkResponse?> Answer { get; init; } = item => new BulkResponse
    {
        ItemId = item.ItemId,
        Verify = new VerifyPasswordResponse { Outcome = VerifyOutcome.Accepted, PasswordCorrect = true, Server = "double:636" },
    };

    /// <summary>Refuse BulkPasswords as a directory-sync without it would (Unimplemented).</summary>
    public bool RefusesStreams { get; init; }

    /// <summary>The requests each stream opened so far received, in order.</summary>
    public ConcurrentQueue<List<BulkRequest>> Streams { get; } = new();

    public int UnaryVerifies => Volatile.Read(ref unaryVerifies);

    public override AsyncDuplexStreamingCall<BulkRequest, BulkResponse> BulkPasswords(CallOptions options)
    {
        if (RefusesStreams)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "Method is unimplemented."));
        }

        var received = new List<BulkRequest>();
        Streams.Enqueue(received);
        var responses = Channel.CreateUnbounded<BulkResponse>();
        var writer = new RequestWriter(request =>
        {
            lock (received)
            {
                received.Add(request.Clone());
            }

            foreach (var item in request.Items)
            {
                if (Answer(item) is { } answer)
                {
                    responses.Writer.TryWrite(answer);
                }
            }
        }, () => responses.Writer.TryComplete());
        return new AsyncDuplexStreamingCall<BulkRequest, BulkResponse>(writer, new ResponseReader(responses.Reader),
            Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => responses.Writer.TryComplete());
    }

    public override AsyncUnaryCall<VerifyPasswordResponse> VerifyPasswordAsync(VerifyPasswordRequest request,
        CallOptions options)
    {
        Interlocked.Increment(ref unaryVerifies);
        var response = new VerifyPasswordResponse { Outcome = VerifyOutcome.Accepted, PasswordCorrect = true, Server = "unary:636" };
        return new AsyncUnaryCall<VerifyPasswordResponse>(Task.FromResult(response), Task.FromResult(new Metadata()),
            () => Status.DefaultSuccess, () => [], () => { });
    }

    private sealed class RequestWriter(Action<BulkRequest> written, Action completed) : IClientStreamWriter<BulkRequest>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(BulkRequest message)
        {
            written(message);
            return Task.CompletedTask;
        }

        // Grpc.Net.Client's writer takes a token too (the interface's default refuses one that can be cancelled).
        public Task WriteAsync(BulkRequest message, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return WriteAsync(message);
        }

        public Task CompleteAsync()
        {
            completed();
            return Task.CompletedTask;
        }
    }

    private sealed class ResponseReader(ChannelReader<BulkResponse> responses) : IAsyncStreamReader<BulkResponse>
    {
        public BulkResponse Current { get; private set; } = null!;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await responses.WaitToReadAsync(cancellationToken) || !responses.TryRead(out var next))
            {
                return false;
            }

            Current = next;
            return true;
        }
    }
}
