using KeySecure.Generated.WorldFirst;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KeySecure.Generated.Tests.WorldFirst;

public sealed class WorldFirstOptionsTests
{
    private const string GarbagePem = "-----BEGIN PRIVATE KEY-----\nR0FSQkFHRUdBUkJBR0VHQVJCQUdF\n-----END PRIVATE KEY-----";

    [Fact]
    public void Garbage_private_key_fails_at_startup_naming_the_setting_without_the_pem()
    {
        var ex = StartupFailure(options => options.PrivateKeyPem = GarbagePem);

        Assert.Contains("WorldFirst:PrivateKeyPem is not a PKCS#8 RSA private key", ex.Message);
        Assert.DoesNotContain("R0FSQkFHRUdBUkJBR0VH", ex.Message);
    }

    [Fact]
    public void Text_that_is_no_key_at_all_fails_naming_the_setting()
    {
        var ex = StartupFailure(options => options.PrivateKeyPem = "my secret password");

        Assert.Contains("WorldFirst:PrivateKeyPem is not a PKCS#8 RSA private key", ex.Message);
        Assert.DoesNotContain("my secret password", ex.Message);
    }

    [Fact]
    public void Public_key_given_as_the_private_key_fails()
    {
        var ex = StartupFailure(options => options.PrivateKeyPem = TestKeys.Merchant.PublicPem);

        Assert.Contains("WorldFirst:PrivateKeyPem is not a PKCS#8 RSA private key", ex.Message);
        AssertNoKeyMaterial(ex.Message, TestKeys.Merchant.PublicPem);
    }

    [Fact]
    public void Private_key_given_as_the_worldfirst_public_key_fails()
    {
        var ex = StartupFailure(options => options.WorldFirstPublicKeyPem = TestKeys.WorldFirst.PrivatePem);

        Assert.Contains("WorldFirst:WorldFirstPublicKeyPem is not an X.509 SubjectPublicKeyInfo RSA public key", ex.Message);
        Assert.Contains("private key", ex.Message);
        AssertNoKeyMaterial(ex.Message, TestKeys.WorldFirst.PrivatePem);
    }

    [Fact]
    public void Bare_base64_private_key_given_as_the_public_key_is_recognized()
    {
        var bare = string.Concat(TestKeys.WorldFirst.PrivatePem.Split('\n').Where(line => !line.StartsWith("-----", StringComparison.Ordinal)));
        var ex = StartupFailure(options => options.WorldFirstPublicKeyPem = bare);

        Assert.Contains("WorldFirst:WorldFirstPublicKeyPem", ex.Message);
        Assert.Contains("holds a private key", ex.Message);
        AssertNoKeyMaterial(ex.Message, TestKeys.WorldFirst.PrivatePem);
    }

    [Fact]
    public void Pkcs1_private_key_fails_with_a_conversion_hint()
    {
        var ex = StartupFailure(options => options.PrivateKeyPem = TestKeys.Merchant.Pkcs1PrivatePem);

        Assert.Contains("WorldFirst:PrivateKeyPem is not a PKCS#8 RSA private key", ex.Message);
        Assert.Contains("openssl pkcs8 -topk8", ex.Message);
    }

    [Fact]
    public void Missing_client_id_key_file_and_both_key_forms_are_each_named()
    {
        var ex = StartupFailure(options =>
        {
            options.ClientId = " ";
            options.PrivateKeyPem = null;
            options.PrivateKeyFile = "/nonexistent/merchant.pem";
            options.WorldFirstPublicKeyFile = TestKeys.WorldFirst.PublicFile;
            options.KeyVersion = 0;
        });

        Assert.Contains("WorldFirst:ClientId is required", ex.Message);
        Assert.Contains("WorldFirst:PrivateKeyFile could not be read", ex.Message);
        Assert.Contains("WorldFirst:WorldFirstPublicKeyPem and WorldFirst:WorldFirstPublicKeyFile are both set", ex.Message);
        Assert.Contains("WorldFirst:KeyVersion", ex.Message);
    }

    [Fact]
    public void Without_a_key_version_start_up_fails_naming_WorldFirst_KeyVersion()
    {
        var ex = StartupFailure(options => options.KeyVersion = null);

        Assert.Contains("WorldFirst:KeyVersion is required", ex.Message);
    }

    [Theory]
    [InlineData("token with space")]
    [InlineData("token\r\nX-Injected: 1")]
    [InlineData("tokén")]
    public void An_access_token_that_cannot_be_a_header_fails_at_startup_without_being_repeated(string token)
    {
        var ex = StartupFailure(options => options.AccessToken = token);

        Assert.Contains("WorldFirst:AccessToken must be printable ASCII without spaces", ex.Message);
        Assert.DoesNotContain(token, ex.Message);
    }

    [Fact]
    public async Task Keys_from_files_and_configuration_binding_work()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WorldFirst:BaseAddress"] = "https://gateway.worldfirst.test",
            ["WorldFirst:ClientId"] = WorldFirstTestHost.ClientId,
            ["WorldFirst:PrivateKeyFile"] = TestKeys.Merchant.PrivateFile,
            ["WorldFirst:WorldFirstPublicKeyFile"] = TestKeys.WorldFirst.PublicFile,
            ["WorldFirst:KeyVersion"] = "3",
            ["WorldFirst:VerificationMode"] = "Optional",
        }).Build();
        var server = new FakeWorldFirstServer((request, _) => WorldFirstResponses.Signed(request, WorldFirstResponses.Success("A")));
        var services = new ServiceCollection();
        services.AddWorldFirst(configuration.GetSection("WorldFirst")).ConfigurePrimaryHttpMessageHandler(() => server);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var options = provider.GetRequiredService<IOptions<WorldFirstOptions>>().Value;
        Assert.Equal(WorldFirstVerificationMode.Optional, options.VerificationMode);
        var info = await provider.GetRequiredService<IWorldCardClient>()
            .QueryCardSensitiveInfoAsync(new QueryCardSensitiveInfoRequest { AssetId = "A" }, TestContext.Current.CancellationToken);

        Assert.Equal("A", info.AssetId);
        var sent = Assert.Single(server.Requests);
        Assert.Equal("gateway.worldfirst.test", sent.Uri.Host);
        Assert.Contains("keyVersion=3", sent.Header("Signature"));
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    /// <summary>The start-up validation failure of otherwise valid options changed by <paramref name="breakIt"/>.</summary>
    internal static OptionsValidationException StartupFailure(Action<WorldFirstOptions> breakIt)
    {
        var services = new ServiceCollection();
        services.AddWorldFirst(options =>
        {
            options.BaseAddress = new Uri("https://gateway.worldfirst.test");
            options.ClientId = WorldFirstTestHost.ClientId;
            options.PrivateKeyPem = TestKeys.Merchant.PrivatePem;
            options.WorldFirstPublicKeyPem = TestKeys.WorldFirst.PublicPem;
            options.KeyVersion = 1;
            breakIt(options);
        });
        using var provider = services.BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    // No 16-character run of the key's Base64 body may appear in the message.
    private static void AssertNoKeyMaterial(string message, string pem)
    {
        var body = string.Concat(pem.Split('\n').Where(line => !line.StartsWith("-----", StringComparison.Ordinal)));
        for (var i = 0; i + 16 <= body.Length; i += 8) Assert.DoesNotContain(body.Substring(i, 16), message);
    }
}
