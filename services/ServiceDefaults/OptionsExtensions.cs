using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PasswordSync.ServiceDefaults;

public static class OptionsExtensions
{
    /// <summary>
    /// Binds a configuration section to <typeparamref name="TOptions"/>, validates its data annotations and fails the
    /// start-up (not the first request) when the configuration is wrong.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(
        this IHostApplicationBuilder builder, string sectionName)
        where TOptions : class =>
        builder.Services.AddOptions<TOptions>()
            .Bind(builder.Configuration.GetSection(sectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
}
