using Microsoft.Extensions.DependencyInjection;

namespace KeySecure.Generated.ContractTests.Infrastructure;

/// <summary>The real SDK wired through DI (<c>AddKeySecure</c>) against WireMock.</summary>
public static class KeySecureSdk
{
    public const string ApiKey = "ak_contract_test_0001";

    /// <inheritdoc cref="TestData.ApiSecret"/>
    public const string ApiSecret = TestData.ApiSecret;

    /// <summary>Retries allowed in these tests (so a retried read reaches WireMock 1 + 2 times).</summary>
    public const int MaxRetryAttempts = 2;

    /// <param name="wireMock">The server's base address.</param>
    /// <param name="configure">Changes to the options below.</param>
    /// <param name="time">The SDK's clock (retry delays, timeouts, Timestamp headers); the system clock when null.</param>
    public static ServiceProvider Build(Uri wireMock, Action<KeySecureOptions>? configure = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null) services.AddSingleton(time);
        services.AddKeySecure(options =>
        {
            options.BaseAddress = wireMock;
            options.ApiKey = ApiKey;
            options.ApiSecret = ApiSecret;
            options.Resilience.Retry.Delay = TimeSpan.Zero;
            options.Resilience.Retry.UseJitter = false;
            options.Resilience.Retry.MaxRetryAttempts = MaxRetryAttempts;
            options.Resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
            options.Resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(30);
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
