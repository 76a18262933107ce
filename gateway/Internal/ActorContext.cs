namespace PasswordSync.Gateway.Internal;

/// <summary>
/// Who the gateway acts for on its internal calls, carried across awaits: the API key of the public call being served,
/// or a named background worker (reconciler, job runner). The internal client interceptor sends it to the vault in the
/// actor header, so the vault's audit names the real actor.
/// </summary>
public static class ActorContext
{
    private static readonly AsyncLocal<string?> CurrentActor = new();

    /// <summary>The actor of the current flow, or null (the vault then records the gateway itself).</summary>
    public static string? Current => CurrentActor.Value;

    /// <summary>Sets the actor until the returned scope is disposed.</summary>
    public static IDisposable Set(string actor)
    {
        var previous = CurrentActor.Value;
        CurrentActor.Value = actor;
        return new Scope(previous);
    }

    private sealed class Scope(string? previous) : IDisposable
    {
        public void Dispose() => CurrentActor.Value = previous;
    }
}
