namespace PasswordSync.Vault.Storage.Sqlite;

/// <summary>
/// Group commit. With synchronous=FULL every commit waits for an fsync, and the file has one writer: during a bulk
/// rotation, the begin of the next batch, the commit of the previous one and the job's bookkeeping queued behind each
/// other's fsync. Now the holder of the write lock runs every write queued by then in ONE transaction, each inside
/// its own savepoint, and commits them with one fsync. Nothing about when a write is durable changes: each caller
/// gets its result only after the commit that holds its changes (a rotation's begin is still on disk before its
/// caller can touch a directory), and each write is still all-or-nothing on its own: a write that fails is rolled
/// back to its savepoint and gets its error, while the others in its group commit.
/// </summary>
internal sealed partial class SqliteDatabase
{
    // Bounds how long one group holds the file's write lock (and how long the first write in it waits for the rest).
    private const int MaxGroup = 16;
    private const string GroupSavepoint = "group_write";

    private readonly Queue<QueuedWrite> queue = new();
    private long commits;

    /// <summary>Write transactions committed (for tests: writes that queued together commit once).</summary>
    internal long Commits => Interlocked.Read(ref commits);

    /// <summary>Writes waiting for the writer (for tests).</summary>
    internal int QueuedWrites
    {
        get
        {
            lock (queue)
            {
                return queue.Count;
            }
        }
    }

    /// <summary>Runs the writes queued now (at most <see cref="MaxGroup"/>) in one transaction; under the write lock.</summary>
    private async Task RunGroupAsync()
    {
        var group = TakeQueued();
        if (group.Count == 0)
        {
            return;
        }

        OpenConnection open;
        try
        {
            open = writer is { } kept && kept.Generation == Volatile.Read(ref generation)
                ? kept
                : await OpenWriterAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            group.ForEach(w => w.Fail(e));
            return;
        }

        var ran = new List<QueuedWrite>(group.Count);
        var committed = false;
        var keepConnection = true;
        try
        {
            // Microsoft.Data.Sqlite starts a non-deferred (serializable) transaction with BEGIN IMMEDIATE.
            await using var transaction = open.Connection.BeginTransaction(deferred: false);
            if (group.Count == 1)
            {
                // Alone, a write needs no savepoint: its failure rolls back the transaction.
                await group[0].RunAsync(new WriteSession(open.Connection, transaction, clock.GetUtcNow(),
                    open.Statements));
                ran.Add(group[0]);
            }
            else
            {
                foreach (var write in group)
                {
                    var session = new WriteSession(open.Connection, transaction, clock.GetUtcNow(), open.Statements);
                    await session.SavepointAsync(GroupSavepoint, CancellationToken.None);
                    try
                    {
                        await write.RunAsync(session);
                        await session.ReleaseAsync(GroupSavepoint, CancellationToken.None);
                        ran.Add(write);
                    }
                    catch (Exception e)
                    {
                        // If SQLite had rolled back the whole transaction (a full disk, an I/O error), the savepoint
                        // is gone too: this throws, and the whole group fails below, as one transaction would.
                        await session.RollbackToAsync(GroupSavepoint, CancellationToken.None);
                        write.Fail(e);
                        // A refusal says nothing against the connection; anything else retires it after the commit.
                        keepConnection &= e is StoreException;
                    }
                }
            }

            transaction.Commit();
            committed = true;
            Interlocked.Increment(ref commits);
        }
        catch (Exception e)
        {
            // Rolled back: none of the group is stored, whatever ran without error.
            keepConnection = false;
            group.ForEach(w => w.Fail(e));
        }
        finally
        {
            // After a failed write the connection is closed all the same, so nothing of a half-finished state (an
            // open savepoint, a statement mid-step) lingers. A restore or a disposal meanwhile retires it too.
            if (!keepConnection || open.Generation != Volatile.Read(ref generation))
            {
                if (ReferenceEquals(writer, open))
                {
                    writer = null;
                }

                open.Dispose();
            }
        }

        if (committed)
        {
            ran.ForEach(w => w.Deliver());
        }
    }

    private List<QueuedWrite> TakeQueued()
    {
        var group = new List<QueuedWrite>();
        lock (queue)
        {
            while (group.Count < MaxGroup && queue.TryDequeue(out var write))
            {
                if (write.TryTake())
                {
                    group.Add(write);
                }
            }
        }

        return group;
    }
}
