using System.Text.Json;
using PasswordSync.Vault.V1;

namespace PasswordSync.Vault.Jobs;

/// <summary>The bulk rotation options as the JSON the job stores (the store keeps options opaque per job kind).</summary>
internal static class JobOptionsJson
{
    public const int DefaultConcurrency = 4;
    public const int MaxConcurrency = 32;

    private sealed record Stored(bool DryRun, bool VerifyAfterSet, int Concurrency);

    public static string Write(JobOptions options) => JsonSerializer.Serialize(new Stored(options.DryRun,
        options.VerifyAfterSet, options.Concurrency == 0 ? DefaultConcurrency : options.Concurrency), JsonOptions);

    public static JobOptions Read(string json)
    {
        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(json, JsonOptions);
            return stored is null
                ? new JobOptions { Concurrency = DefaultConcurrency }
                : new JobOptions { DryRun = stored.DryRun, VerifyAfterSet = stored.VerifyAfterSet, Concurrency = stored.Concurrency };
        }
        catch (JsonException)
        {
            // Another job kind's options: shown raw in options_json.
            return new JobOptions();
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
