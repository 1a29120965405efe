using System.Security.Cryptography;
using KeySecure.Generated.OpenPlatform;

namespace KeySecure.Cli.Tests.Sandbox;

/// <summary>Every single-call command against the embedded sandbox, configured only through the environment.</summary>
public sealed class SandboxCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Token_prints_a_future_expiry()
    {
        var result = (await CliRun.RunAsync(sandbox.Env(), "token")).ShouldExit(0);

        var expires = DateTimeOffset.Parse((string)result.Json()["expires_at"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));
        Assert.DoesNotContain("sbx_at_", result.All);
    }

    [Fact]
    public async Task Card_detail_and_private_info()
    {
        var detail = (await CliRun.RunAsync(sandbox.Env(), "card", "detail", sandbox.VirtualCardNo)).ShouldExit(0).Json();
        Assert.Equal(sandbox.VirtualCardNo, (string?)detail["card_no"]);
        Assert.Equal("Virtual", (string?)detail["card_type"]);

        var truth = await sandbox.Sdk.Cards.GetCardPrivateInfoAsync(sandbox.VirtualCardNo, Ct);
        var masked = (await CliRun.RunAsync(sandbox.Env(), "card", "private-info", sandbox.VirtualCardNo)).ShouldExit(0);
        Assert.Equal(truth.Pan![..6] + new string('*', truth.Pan.Length - 10) + truth.Pan[^4..], (string?)masked.Json()["pan"]);
        Assert.Equal("***", (string?)masked.Json()["cvv"]);
        Assert.DoesNotContain(truth.Pan, masked.All);

        var revealed = (await CliRun.RunAsync(sandbox.Env(), "card", "private-info", sandbox.VirtualCardNo, "--reveal")).ShouldExit(0).Json();
        Assert.Equal(truth.Pan, (string?)revealed["pan"]);
        Assert.Equal(truth.Cvv, (string?)revealed["cvv"]);
    }

    [Fact]
    public async Task Activation_pin_and_status_of_a_physical_card()
    {
        var env = sandbox.Env();
        var info = await sandbox.Sdk.Cards.GetCardPrivateInfoAsync(sandbox.PhysicalCardNo, Ct);

        Task<CliResult> SetPin(CliInput input, params string[] pin) =>
            CliRun.RunAsync(env, input, ["card", "pin-set", "--card-no", sandbox.PhysicalCardNo, "--cardholder-no", sandbox.CardholderNo, "--pin", .. pin]);

        (await SetPin(CliRun.Stdin("480759"), "-")).ShouldExit(3); // not Activated yet: 4005
        (await CliRun.RunAsync(env, CliRun.Stdin(info.Cvv!), "card", "activate", "--card-no", sandbox.PhysicalCardNo, "--cardholder-no", sandbox.CardholderNo,
            "--cvv", "-", "--last-no", info.Pan![^4..])).ShouldExit(0);
        (await SetPin(CliRun.Stdin("987654"), "-")).ShouldExit(2);

        // On a terminal, a bare --pin (or none) asks for it without echo.
        var prompts = new List<string>();
        var pin = (await SetPin(new CliInput(TextReader.Null, prompt => { prompts.Add(prompt); return "480759"; }))).ShouldExit(0);
        Assert.True((bool?)pin.Json()["result"]);
        Assert.Equal("PIN (not shown): ", Assert.Single(prompts));
        Assert.DoesNotContain("480759", pin.All);

        (await CliRun.RunAsync(env, "card", "status", "--card-no", sandbox.PhysicalCardNo, "--status", "Frozen")).ShouldExit(0);
        Assert.Equal(CardStatus.Frozen, (await sandbox.Sdk.Cards.GetCardDetailAsync(sandbox.PhysicalCardNo, Ct)).Status);
        (await CliRun.RunAsync(env, "card", "status", "--card-no", sandbox.PhysicalCardNo, "--status", "Activated")).ShouldExit(0);
    }

    [Fact]
    public async Task A_provider_error_names_the_code_and_its_meaning()
    {
        var result = (await CliRun.RunAsync(sandbox.Env(), CliRun.Stdin("123"), "card", "activate", "--card-no", sandbox.VirtualCardNo, "--cardholder-no", sandbox.CardholderNo,
            "--cvv", "-", "--last-no", "0000")).ShouldExit(3);

        Assert.Contains("4017", result.Stderr);
        Assert.Contains("Operation needs a physical card", result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task The_wrong_api_secret_fails_decryption_with_exit_4()
    {
        var env = sandbox.Env();
        env["KEYSECURE_API_SECRET"] = new string('x', 32);

        var result = (await CliRun.RunAsync(env, "card", "private-info", sandbox.VirtualCardNo)).ShouldExit(4);

        Assert.Equal(string.Empty, result.Stdout);
        Assert.DoesNotContain(new string('x', 32), result.All);
    }

    [Fact]
    public async Task WorldFirst_sensitive_info_outcomes()
    {
        var env = sandbox.Env();

        var ok = (await CliRun.RunAsync(env, "worldfirst", "sensitive-info", "ASSET-CLI-1")).ShouldExit(0).Json();
        Assert.Equal("ASSET-CLI-1", (string?)ok["asset_id"]);
        Assert.Matches(@"^\d{6}\*+\d{4}$", (string?)ok["card_no"]);
        Assert.Equal("***", (string?)ok["cvv"]);

        var failed = (await CliRun.RunAsync(env, "worldfirst", "sensitive-info", "F-USER_NOT_EXIST")).ShouldExit(3);
        Assert.Contains("USER_NOT_EXIST", failed.Stderr);

        var unknown = (await CliRun.RunAsync(env, "worldfirst", "sensitive-info", "U-CLI-ONCE")).ShouldExit(5);
        Assert.Contains("UNKNOWN_EXCEPTION", unknown.Stderr);
        (await CliRun.RunAsync(env, "worldfirst", "sensitive-info", "U-CLI-ONCE")).ShouldExit(0); // the next query answers S
    }

    [Fact]
    public async Task WorldFirst_with_the_wrong_public_key_exits_4()
    {
        var env = sandbox.Env();
        using var other = RSA.Create(2048);
        var file = Path.Combine(Path.GetTempPath(), $"ks-cli-other-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(file, other.ExportSubjectPublicKeyInfoPem(), Ct);
        try
        {
            env["WORLDFIRST_PUBLIC_KEY_FILE"] = file;
            var result = (await CliRun.RunAsync(env, "worldfirst", "sensitive-info", "ASSET-CLI-2")).ShouldExit(4);
            Assert.Contains("Mismatch", result.Stderr);
            Assert.Equal(string.Empty, result.Stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
