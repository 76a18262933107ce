using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PasswordSync.Common.V1;
using PasswordSync.DirectorySync.Connectors;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace PasswordSync.DirectorySync.Resilience;

/// <summary>
/// One Polly pipeline per directory server (registry keyed by "kind|host:port"), built on first use, so a dead DC
/// opens its own circuit and fills its own concurrency limit without affecting the others. Outermost first:
/// concurrency limiter (per server) → retry (transient only, exponential back-off with jitter) → circuit breaker
/// (counts transient failures only) → attempt timeout (the target's operation timeout).
/// </summary>
internal sealed class ServerPipelines(
    ResiliencePipelineRegistry<string> registry,
    IOptions<ResilienceOptions> options,
    ILogger<ServerPipelines> logger)
{
    /// <summary>Per-call attempt timeout (the target's operation timeout).</summary>
    public static readonly ResiliencePropertyKey<TimeSpan> AttemptTimeout = new("passwordsync.attempt-timeout");

    /// <summary>False for operations that must never run twice (a password change): no retry at all.</summary>
    public static readonly ResiliencePropertyKey<bool> RetryAllowed = new("passwordsync.retry-allowed");

    /// <summary>
    /// True for binds as the account (verify): a failure is retried only when the connector says the bind was not
    /// sent yet; a timeout never is (the bind may be in the server's hands), so one verify never counts two failures.
    /// </summary>
    public static readonly ResiliencePropertyKey<bool> SendsAccountBind = new("passwordsync.sends-account-bind");

    /// <summary>The operation's name, for the retry log line.</summary>
    public static readonly ResiliencePropertyKey<string> OperationName = new("passwordsync.operation");

    public static string KeyFor(DirectoryKind kind, string server) => $"{kind}|{server}".ToLowerInvariant();

    public ResiliencePipeline For(DirectoryKind kind, string server) =>
        registry.GetOrAddPipeline(KeyFor(kind, server), (builder, context) => Configure(builder, context.PipelineKey));

    /// <summary>Failures worth another attempt: only what a server being down or slow explains.</summary>
    public static bool IsTransient(Exception exception) =>
        exception is TimeoutRejectedException or DirectoryException { FailureClass: FailureClass.Transient };

    /// <summary>Whether a failed attempt of a verify may have delivered the account's bind (unknown counts as yes).</summary>
    public static bool MayHaveSentBind(Exception exception) => exception switch
    {
        // Refused before any attempt: nothing left directory-sync.
        BrokenCircuitException or RateLimiterRejectedException => false,
        DirectoryException { Reason: Reason.Timeout } => true,
        DirectoryException e => e.BindMayHaveBeenSent,
        _ => true,
    };

    private void Configure(ResiliencePipelineBuilder builder, string server)
    {
        var settings = options.Value;
        builder.AddConcurrencyLimiter(settings.MaxConcurrencyPerServer, settings.MaxQueuePerServer);
        if (settings.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e)
                    && args.Context.Properties.GetValue(RetryAllowed, true)
                    && !(args.Context.Properties.GetValue(SendsAccountBind, false) && MayHaveSentBind(e))),
                MaxRetryAttempts = settings.MaxRetryAttempts,
                Delay = settings.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    ResilienceLog.Retrying(logger, args.Context.Properties.GetValue(OperationName, "operation"),
                        server, args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e)),
                FailureRatio = settings.BreakerFailureRatio,
                MinimumThroughput = settings.BreakerMinimumThroughput,
                SamplingDuration = settings.BreakerSamplingDuration,
                BreakDuration = settings.BreakDuration,
                OnOpened = args =>
                {
                    ResilienceLog.CircuitOpened(logger, server, args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    ResilienceLog.CircuitClosed(logger, server);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args => ValueTask.FromResult(
                    args.Context.Properties.GetValue(AttemptTimeout, TimeSpan.FromSeconds(15))),
            });
    }
}
