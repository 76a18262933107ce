using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Options;
using PasswordSync.DirectorySync.Connectors;
using PasswordSync.DirectorySync.Resilience;
using Proto = PasswordSync.Directory.V1;

namespace PasswordSync.DirectorySync.Grpc;

/// <summary>
/// Bulk resets and verifies of one target: items are validated as they arrive (a bad item ends the stream with
/// InvalidArgument, before it is sent anywhere), then processed a few at a time — each worker on its own pooled
/// privileged connection, under the per-server concurrency limit — and answered one response per item.
/// </summary>
internal sealed class BulkPasswordsHandler(
    ConnectorCatalog catalog,
    ResilientDirectory directory,
    IOptions<DirectorySyncOptions> options)
{
    public async Task HandleAsync(IAsyncStreamReader<Proto.BulkRequest> requests,
        IServerStreamWriter<Proto.BulkResponse> responses, CancellationToken cancellationToken)
    {
        var parallelism = options.Value.BulkParallelism;
        var queue = Channel.CreateBounded<(Proto.BulkItem Item, Secret Password)>(parallelism * 4);
        using var writeLock = new SemaphoreSlim(1, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        DirectoryTarget? target = null;
        IDirectoryConnector? connector = null;

        var workers = Parallel.ForEachAsync(queue.Reader.ReadAllAsync(stop.Token),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = stop.Token },
            async (work, token) =>
            {
                var response = await ProcessAsync(connector!, target!, work.Item, work.Password, token);
                await writeLock.WaitAsync(token);
                try
                {
                    await responses.WriteAsync(response, token);
                }
                finally
                {
                    writeLock.Release();
                }
            });

        try
        {
            var index = 0;
            await foreach (var request in requests.ReadAllAsync(cancellationToken))
            {
                if (target is null)
                {
                    var validator = RequestValidator.Start();
                    target = validator.Target(request.Target, options.Value.DefaultOperationTimeout);
                    validator.ThrowIfInvalid();
                    connector = catalog.For(target!.Kind);
                }

                foreach (var item in request.Items)
                {
                    var password = Validate(item, index++, target);
                    await queue.Writer.WriteAsync((item, password), cancellationToken);
                }
            }

            queue.Writer.Complete();
            await workers;
        }
        catch
        {
            // Stop the workers and let them finish before the call ends: nothing may write after it.
            queue.Writer.TryComplete();
            await stop.CancelAsync();
            await Task.WhenAny(workers);
            throw;
        }
    }

    private static Secret Validate(Proto.BulkItem item, int index, DirectoryTarget target)
    {
        var validator = RequestValidator.Start();
        var field = $"items[{index}]";
        if (string.IsNullOrWhiteSpace(item.ItemId))
        {
            validator.Add($"{field}.item_id", "is required");
        }

        validator.Account(item.Account, $"{field}.account");
        Secret password = new("");
        switch (item.OperationCase)
        {
            case Proto.BulkItem.OperationOneofCase.Reset:
                password = validator.Password(item.Reset.NewPassword, $"{field}.reset.new_password");
                break;
            case Proto.BulkItem.OperationOneofCase.Verify:
                password = validator.Password(item.Verify.Password, $"{field}.verify.password");
                validator.PinnedServer(item.Verify.PinnedServer, target, $"{field}.verify.pinned_server");
                break;
            default:
                validator.Add($"{field}.operation", "must be reset or verify");
                break;
        }

        validator.ThrowIfInvalid();
        return password;
    }

    private async Task<Proto.BulkResponse> ProcessAsync(IDirectoryConnector connector, DirectoryTarget target,
        Proto.BulkItem item, Secret password, CancellationToken cancellationToken)
    {
        var response = new Proto.BulkResponse { ItemId = item.ItemId };
        var account = new AccountName(item.Account);
        try
        {
            if (item.OperationCase == Proto.BulkItem.OperationOneofCase.Reset)
            {
                var (write, verification) = await directory.ResetAsync(connector, target, account, password,
                    item.Reset.VerifyAfterWrite, null, cancellationToken);
                response.Reset = write.ToProto(verification, settledByVerify: false);
            }
            else
            {
                var pinned = target.Endpoints.FirstOrDefault(e =>
                    string.Equals(e.ToString(), item.Verify.PinnedServer, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(e.Host, item.Verify.PinnedServer, StringComparison.OrdinalIgnoreCase));
                var result = await directory.VerifyAsync(connector, target, account, password, pinned?.ToString(),
                    cancellationToken);
                response.Verify = result.ToProto();
            }
        }
        catch (DirectoryException e)
        {
            response.Error = new Proto.ItemError
            {
                Code = (int)DirectoryErrors.CodeFor(e),
                Reason = e.Reason,
                Message = e.Message,
            };
        }

        return response;
    }
}
