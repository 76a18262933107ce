using Microsoft.Extensions.DependencyInjection.Extensions;
using PasswordSync.Gateway.Sync;
using PasswordSync.ServiceDefaults;

namespace PasswordSync.Gateway.Reconciliation;

public static class ReconciliationExtensions
{
    /// <summary>
    /// The reconciler (a background service that also runs at start-up) and <see cref="IPendingRotationResolver"/>.
    /// The lease / apply-deadline pair it relies on is validated at start-up with the rotation options (Sync).
    /// </summary>
    public static WebApplicationBuilder AddGatewayReconciliation(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ReconciliationOptions>(ReconciliationOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EvidenceCollector>();
        builder.Services.AddSingleton<IPendingRotationResolver, PendingRotationResolver>();
        builder.Services.AddSingleton<Reconciler>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<Reconciler>());
        return builder;
    }
}
