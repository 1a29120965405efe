using KeySecure.Generated.OpenPlatform;
using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.Benchmarks.Shared;

/// <summary>The real DI registration (<c>AddKeySecure</c>), as an application would build it.</summary>
public static class Sdk
{
    public static ServiceProvider Create(
        HttpMessageHandler? primary,
        Uri? baseAddress = null,
        Action<IHttpClientBuilder>? customize = null,
        Action<KeySecureOptions>? configure = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddKeySecure(options =>
        {
            options.ApiKey = Canned.ApiKey;
            options.ApiSecret = Canned.ApiSecret;
            if (baseAddress is not null) options.BaseAddress = baseAddress;
            configure?.Invoke(options);
        });
        if (primary is not null) builder.ConfigurePrimaryHttpMessageHandler(() => primary);
        customize?.Invoke(builder);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// Removes the SDK's handlers of the given type names from the pipeline (ablation). A name that matches no handler
    /// fails the setup, naming the handlers there are: a renamed handler must not silently leave the pipeline whole.
    /// </summary>
    public static Action<IHttpClientBuilder> Without(params string[] handlerTypeNames) => builder =>
        builder.ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
        {
            var present = handlers.Select(h => h.GetType().Name).ToArray();
            var missing = handlerTypeNames.Except(present).ToArray();
            if (missing.Length > 0)
            {
                throw new InvalidOperationException($"No handler named {string.Join(", ", missing)} in the SDK's pipeline; it has: {string.Join(", ", present)}.");
            }
            for (var i = handlers.Count - 1; i >= 0; i--)
            {
                if (handlerTypeNames.Contains(handlers[i].GetType().Name)) handlers.RemoveAt(i);
            }
        });

    public static ApplyCardRequest ApplyRequest() => new()
    {
        CardholderNo = "CH202605220001",
        CardUniqueNo = "merchant-card-0002",
        PackageNo = "PKG-STANDARD",
        CardType = CardType.Virtual,
    };

    public static FloorApplyCardRequest FloorApplyRequest() => new()
    {
        CardholderNo = "CH202605220001",
        CardUniqueNo = "merchant-card-0002",
        PackageNo = "PKG-STANDARD",
        CardType = "Virtual",
    };
}
