using PasswordSync.Vault.V1;
using PasswordSync.Vault.Validation;

namespace PasswordSync.Vault.Records;

/// <summary>What a BatchGetRecords request may ask: checked whole before anything is read.</summary>
internal static class RecordBatchRequest
{
    /// <summary>A bulk job asks for one page of its items (at most 1,000); more in one reply would only grow it.</summary>
    public const int MaxIds = 1000;

    /// <summary>The ids to read, or InvalidArgument naming every bad one (none, too many, empty, repeated).</summary>
    public static IReadOnlyList<string> Validate(BatchGetRecordsRequest request)
    {
        var violations = new Violations();
        if (request.Ids.Count == 0)
        {
            violations.Add("ids", "is required: give 1 to 1000 record ids.");
        }
        else if (request.Ids.Count > MaxIds)
        {
            violations.Add("ids", $"has {request.Ids.Count} ids: give at most {MaxIds} per call.");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < request.Ids.Count; i++)
            {
                Ids.Require(violations, $"ids[{i}]", request.Ids[i]);
                if (!seen.Add(request.Ids[i]))
                {
                    violations.Add($"ids[{i}]", "repeats an earlier id.");
                }
            }
        }

        violations.ThrowIfAny();
        return request.Ids;
    }
}
