using System.Collections.Concurrent;

namespace PasswordSync.Gateway.Api.Records;

/// <summary>
/// Which list each record belongs to, as read from the vault. A record never changes list (list_id is output-only and
/// ids are never reused), so once read the pair stays true: a reveal authorises against it instead of reading the
/// whole record again, which halved the gateway's reveal throughput (docs/benchmarks.md). An id not known here is
/// read from the vault as before; the vault still decides whether the record exists and may be revealed.
/// </summary>
internal sealed class RecordListIds
{
    // Bounded memory (~100 bytes an entry): past this many, start again rather than grow.
    private const int Capacity = 50_000;

    private readonly ConcurrentDictionary<string, string> listByRecord = new(StringComparer.Ordinal);

    public bool TryGet(string recordId, out string listId) => listByRecord.TryGetValue(recordId, out listId!);

    public void Remember(string recordId, string listId)
    {
        if (listByRecord.Count >= Capacity)
        {
            listByRecord.Clear();
        }

        listByRecord[recordId] = listId;
    }
}
