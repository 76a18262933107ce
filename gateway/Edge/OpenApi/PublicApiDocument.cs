using Microsoft.OpenApi.Models;

namespace PasswordSync.Gateway.Edge.OpenApi;

/// <summary>
/// The OpenAPI document of the HTTP/JSON face, generated from the same protos (and their comments) as the gRPC face,
/// served without an API key at <see cref="Path"/>.
/// </summary>
internal static class PublicApiDocument
{
    public const string Name = "v1";
    public const string Path = "/openapi/v1.json";
    private const string BearerScheme = "ApiKey";

    public static void Add(IServiceCollection services)
    {
        services.AddGrpcSwagger();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc(Name, new OpenApiInfo
            {
                Title = "PasswordSync API",
                Version = Name,
                Description = "Password lists and records kept equal to what the directories accept. Every call " +
                              "needs an API key: 'Authorization: Bearer <key>'. The same methods are served over gRPC " +
                              "(package passwordsync.v1) on the same port.",
            });
            swagger.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A PasswordSync API key.",
            });
            swagger.AddSecurityRequirement(new OpenApiSecurityRequirement
            {
                [new OpenApiSecurityScheme
                {
                    Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = BearerScheme },
                }] = [],
            });

            // The proto comments, carried into the generated code's XML documentation (not the implementation
            // classes' comments, which are notes for maintainers).
            var comments = System.IO.Path.Combine(AppContext.BaseDirectory, "PasswordSync.Gateway.xml");
            if (File.Exists(comments))
            {
                swagger.IncludeXmlComments(comments);
                swagger.IncludeGrpcXmlComments(comments, includeControllerXmlComments: false);
            }
        });
    }

    public static void Map(WebApplication app) => app.MapSwagger("/openapi/{documentName}.json");
}
