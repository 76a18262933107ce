namespace PasswordSync.Gateway.Tests.EndToEnd.Harness;

/// <summary>
/// The end-to-end classes run one after another (each starts three processes and drives a real DC; side by side on
/// two cores they would only slow each other down), in parallel with the rest of the test assembly.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndSequence
{
    public const string Name = "End-to-end (real processes)";
}
