using System.Reflection;
using System.Text.RegularExpressions;
using KeySecure.Generated.Http;

namespace KeySecure.Generated.Tests.Generation;

/// <summary>
/// The vendor extensions are complete and consistent in the specs, and the generated clients hand exactly those values
/// to the runtime through <see cref="OperationMetadata"/>.
/// </summary>
public sealed partial class VendorExtensionTests
{
    private static readonly string[] Effects = ["read", "change-state", "move-money"];
    private static readonly string[] Auths = ["token", "api-key", "none", "rsa-signature"];

    /// <summary>Operations that change state or move money: a blind retry could apply, pay or activate twice.</summary>
    private static readonly string[] NotRetrySafe =
        ["ApplyCardholder", "ApplyCard", "TransferFunds", "ActivateCard", "UpdateCardStatus", "SetCardPin"];

    /// <summary>POST list queries: read-only despite the verb.</summary>
    private static readonly string[] RetrySafeListPosts =
        ["ListCardholders", "ListCards", "ListConsumptions", "ListTransfers", "ListCardPackages", "ListSupportedBins"];

    public static TheoryData<string, string> Operations => OpenApiDocument.AllOperationRows();

    [Theory]
    [MemberData(nameof(Operations))]
    public void Operation_declares_effect_and_auth(string specFile, string operationId)
    {
        var operation = OpenApiDocument.Find(specFile, operationId);
        var effect = operation.Extension("x-keysecure-effect");
        var auth = operation.Extension("x-keysecure-auth");
        Assert.True(effect is not null && Effects.Contains(effect), $"{specFile}: {operation} has x-keysecure-effect '{effect}'.");
        Assert.True(auth is not null && Auths.Contains(auth), $"{specFile}: {operation} has x-keysecure-auth '{auth}'.");
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Encrypted_fields_list_exactly_the_encrypted_request_properties(string specFile, string operationId)
    {
        var operation = OpenApiDocument.Find(specFile, operationId);
        var document = operation.Document;

        var declared = SplitFields(operation.Extension("x-keysecure-encrypted-fields"));
        var properties = document.SchemaProperties(document.RequestSchema(operation));
        var flagged = properties
            .Where(p => string.Equals(OpenApiDocument.Scalar(p.Value, "x-keysecure-encrypted"), "true", StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Key)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(
            declared.SequenceEqual(flagged),
            $"{specFile}: {operation} lists x-keysecure-encrypted-fields [{string.Join(", ", declared)}] but its request schema " +
            $"flags [{string.Join(", ", flagged)}] with x-keysecure-encrypted: true.");
        Assert.All(declared, field => Assert.True(properties.ContainsKey(field), $"{operation}: '{field}' is not a request property."));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Generated_client_attaches_the_specs_metadata(string specFile, string operationId)
    {
        var operation = OpenApiDocument.Find(specFile, operationId);
        var captured = await CaptureRequestAsync(operation);
        var metadata = OperationMetadata.Of(captured);

        Assert.NotNull(metadata);
        Assert.Equal(operationId, metadata.OperationId);
        Assert.Equal(ExpectedEffect(operation.Extension("x-keysecure-effect")), metadata.Effect);
        Assert.Equal(ExpectedAuth(operation.Extension("x-keysecure-auth")), metadata.Auth);
        Assert.Equal(SplitFields(operation.Extension("x-keysecure-encrypted-fields")), metadata.EncryptedFields.Order(StringComparer.Ordinal));
        Assert.Equal(
            string.Equals(operation.Extension("x-keysecure-encrypted-response"), "true", StringComparison.OrdinalIgnoreCase),
            metadata.HasEncryptedResponse);
        Assert.Equal(metadata.Effect == OperationEffect.Read, metadata.IsRetrySafe);

        // The request itself is the spec's: verb and path (with "x" for every path parameter).
        Assert.Equal(operation.Method.ToUpperInvariant(), captured.Method.Method);
        var expectedPath = PathParameter().Replace(operation.Path, "x");
        Assert.NotNull(captured.RequestUri);
        Assert.EndsWith(expectedPath, captured.RequestUri.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(BaseAddressFor(operation).AbsolutePath.TrimEnd('/') + expectedPath, captured.RequestUri.AbsolutePath);
    }

    [Fact]
    public async Task State_changing_and_money_moving_operations_are_not_retry_safe()
    {
        foreach (var operationId in NotRetrySafe)
        {
            var metadata = await MetadataOfAsync(operationId);
            Assert.False(metadata.IsRetrySafe, $"{operationId} must not be retry-safe.");
            Assert.NotEqual(OperationEffect.Read, metadata.Effect);
        }

        Assert.Equal(OperationEffect.MoveMoney, (await MetadataOfAsync("TransferFunds")).Effect);
    }

    [Fact]
    public async Task List_posts_are_retry_safe_reads()
    {
        foreach (var operationId in RetrySafeListPosts)
        {
            var operation = OpenApiDocument.Find("keysecure.yaml", operationId);
            Assert.Equal("post", operation.Method);
            var metadata = await MetadataOfAsync(operationId);
            Assert.True(metadata.IsRetrySafe, $"{operationId} is a read-only POST and must be retry-safe.");
            Assert.Equal(OperationEffect.Read, metadata.Effect);
        }
    }

    [Fact]
    public async Task Only_GetToken_uses_api_key_auth_and_only_simulations_use_none()
    {
        foreach (var operation in OpenApiDocument.KeySecure.Operations)
        {
            var metadata = (await CaptureMetadataAsync(operation))!;
            var expected = operation.OperationId == "GetToken" ? OperationAuth.ApiKey
                : operation.Tag == "Simulations" ? OperationAuth.None
                : OperationAuth.Token;
            Assert.True(expected == metadata.Auth, $"{operation}: auth {metadata.Auth}, expected {expected}.");
        }

        Assert.All(OpenApiDocument.WorldFirst.Operations, o => Assert.Equal("rsa-signature", o.Extension("x-keysecure-auth")));
    }

    private static async Task<OperationMetadata> MetadataOfAsync(string operationId) =>
        (await CaptureMetadataAsync(OpenApiDocument.Find("keysecure.yaml", operationId)))!;

    private static async Task<OperationMetadata?> CaptureMetadataAsync(SpecOperation operation) =>
        OperationMetadata.Of(await CaptureRequestAsync(operation));

    /// <summary>
    /// Calls the operation's method on Refit's generated implementation, with the SDK's Refit settings; the handler
    /// captures the request and stops the call.
    /// </summary>
    internal static async Task<HttpRequestMessage> CaptureRequestAsync(SpecOperation operation)
    {
        var interfaceName = $"{operation.Document.ClientNamespace}.I{operation.Tag}Client";
        var interfaceType = GeneratedSurfaceTests.Sdk.GetType(interfaceName)
                            ?? throw new InvalidOperationException($"No generated interface {interfaceName} for {operation}.");
        var method = interfaceType.GetMethod(operation.OperationId + "Async")
                     ?? throw new InvalidOperationException($"{interfaceName} has no {operation.OperationId}Async.");

        var handler = new CapturingHandler();
        using var httpClient = new HttpClient(handler) { BaseAddress = BaseAddressFor(operation) };
        var client = Refit.RestService.ForGenerated(interfaceType, httpClient, SdkRefitSettings.Instance);
        var arguments = method.GetParameters().Select(ArgumentFor).ToArray();

        var task = (Task)method.Invoke(client, arguments)!;
        var sentinel = await Assert.ThrowsAsync<SentinelException>(() => task);
        Assert.Same(handler.Sentinel, sentinel);
        return handler.Request ?? throw new InvalidOperationException("The handler saw no request.");
    }

    [Fact]
    public void The_catalog_holds_exactly_the_spec_operations()
    {
        var expected = OpenApiDocument.Both
            .SelectMany(d => d.Operations.Select(o => $"{d.ClientNamespace}.I{o.Tag}Client.{o.OperationId}Async -> {o.OperationId}"))
            .Order(StringComparer.Ordinal);
        var actual = OperationCatalog.All
            .Select(e => $"{e.Interface.FullName}.{e.Operation.MethodName} -> {e.Operation.OperationId}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }

    internal static object? ArgumentFor(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return TestContext.Current.CancellationToken;
        }

        if (type == typeof(string))
        {
            return "x";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Activator.CreateInstance(underlying);
        }

        // DTOs have public parameterless constructors; value types get their default.
        return WithRequiredPropertiesSet(Activator.CreateInstance(type)!);
    }

    // The SDK refuses to send a body whose spec-required properties are null, so the stand-in body fills them.
    private static object WithRequiredPropertiesSet(object dto)
    {
        foreach (var property in dto.GetType().GetProperties().Where(p => p.CanWrite && p.IsDefined(typeof(System.Text.Json.Serialization.JsonRequiredAttribute), false)))
        {
            if (property.GetValue(dto) is not null) continue;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            property.SetValue(dto, type == typeof(string) ? "x"
                : type.GetConstructor(Type.EmptyTypes) is not null ? WithRequiredPropertiesSet(Activator.CreateInstance(type)!)
                : type.GetConstructor([typeof(string)]) is { } fromString ? fromString.Invoke(["x"])
                : Activator.CreateInstance(type));
        }
        return dto;
    }

    private static Uri BaseAddressFor(SpecOperation operation) =>
        operation.Document == OpenApiDocument.KeySecure
            ? new Uri("https://sandbox-openplatform.keysecure.example/open-api/v1/")
            : new Uri("https://gateway.worldfirst.example/");

    private static List<string> SplitFields(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToList();

    private static OperationEffect ExpectedEffect(string? value) => value switch
    {
        "read" => OperationEffect.Read,
        "change-state" => OperationEffect.ChangeState,
        "move-money" => OperationEffect.MoveMoney,
        _ => throw new InvalidOperationException($"Unknown x-keysecure-effect '{value}'."),
    };

    private static OperationAuth ExpectedAuth(string? value) => value switch
    {
        "token" => OperationAuth.Token,
        "api-key" => OperationAuth.ApiKey,
        "none" => OperationAuth.None,
        "rsa-signature" => OperationAuth.RsaSignature,
        _ => throw new InvalidOperationException($"Unknown x-keysecure-auth '{value}'."),
    };

    [GeneratedRegex(@"\{[^}/]+\}")]
    private static partial Regex PathParameter();

    private sealed class SentinelException() : Exception("Stopped by the test handler after capturing the request.");

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public SentinelException Sentinel { get; } = new();

        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            throw Sentinel;
        }
    }
}
