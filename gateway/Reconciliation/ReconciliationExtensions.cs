namespace PasswordSync.Gateway.Reconciliation;

public static class ReconciliationExtensions
{
    /// <summary>SKELETON: the reconciler (background service) and IPendingRotationResolver.</summary>
    public static WebApplicationBuilder AddGatewayReconciliation(this WebApplicationBuilder builder) => builder;
}
