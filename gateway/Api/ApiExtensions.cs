using Google.Protobuf.Reflection;
using Google.Rpc;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using PasswordSync.Gateway.Api.Lists;
using PasswordSync.Gateway.Api.Passwords;
using PasswordSync.Gateway.Api.Records;
using PasswordSync.Gateway.Api.Targets;

namespace PasswordSync.Gateway.Api;

public static class ApiExtensions
{
    /// <summary>Lists, records, targets, passwords and admin services: authorised pass-through to the vault.</summary>
    public static WebApplicationBuilder AddGatewayApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ScopedListPager>();
        // Failures carry google.rpc details (ErrorInfo, BadRequest); the HTTP/JSON writer needs their descriptors
        // to put them in the JSON status, or it fails while writing the error.
        builder.Services.Configure<GrpcJsonTranscodingOptions>(options =>
            options.TypeRegistry = TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor));
        return builder;
    }

    public static WebApplication MapGatewayApi(this WebApplication app)
    {
        app.MapGrpcService<ListsApi>();
        app.MapGrpcService<RecordsApi>();
        app.MapGrpcService<TargetsApi>();
        app.MapGrpcService<PasswordsApi>();
        app.MapGatewayAdminApi();
        return app;
    }
}
