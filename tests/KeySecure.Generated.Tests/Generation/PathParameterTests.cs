using System.Reflection;
using KeySecure.Generated.Exceptions;
using KeySecure.Generated.Http;

namespace KeySecure.Generated.Tests.Generation;

/// <summary>
/// Every path parameter of both specs refuses values that would change the request's path (issue: <c>..</c> sent
/// <c>card/../private/info</c> as <c>private/info</c>) before anything is sent, naming the parameter.
/// </summary>
public sealed class PathParameterTests
{
    /// <summary>Empty, dot segments, separators, escapes, spaces, non-ASCII letters and query/fragment starters.</summary>
    public static readonly string[] BadValues = ["", ".", "..", "/", "a/b", "../x", "a\\b", "%2e%2e", "a b", "é1", "a?b", "a#b", "a;b"];

    public static TheoryData<string, string, string> PathParameters()
    {
        var rows = new TheoryData<string, string, string>();
        foreach (var document in OpenApiDocument.Both)
        {
            foreach (var operation in document.Operations)
            {
                foreach (var parameter in document.Parameters(operation).Where(p => OpenApiDocument.Scalar(p, "in") == "path"))
                {
                    rows.Add(document.FileName, operation.OperationId, OpenApiDocument.Scalar(parameter, "name")!);
                }
            }
        }
        return rows;
    }

    [Fact]
    public void The_specs_have_path_parameters_to_check() =>
        Assert.True(PathParameters().Count >= 5, "Expected the KeySecure spec's card, cardholder and consumption ids.");

    [Theory]
    [MemberData(nameof(PathParameters))]
    public async Task A_bad_id_is_refused_before_sending_naming_the_parameter(string specFile, string operationId, string parameterName)
    {
        foreach (var bad in BadValues)
        {
            var (client, method, arguments, handler) = Prepare(specFile, operationId, parameterName, bad);

            var refused = await Assert.ThrowsAsync<KeySecureValidationException>(() => Call(client, method, arguments));

            Assert.Equal(parameterName, refused.Field);
            Assert.Null(handler.Request);
            if (bad.Length > 1)
            {
                Assert.DoesNotContain(bad, refused.Message, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(PathParameters))]
    public async Task A_documented_id_is_sent_in_its_place(string specFile, string operationId, string parameterName)
    {
        var (client, method, arguments, handler) = Prepare(specFile, operationId, parameterName, "C2026-05_22a");

        await Assert.ThrowsAsync<HttpRequestException>(() => Call(client, method, arguments));

        var operation = OpenApiDocument.Find(specFile, operationId);
        Assert.NotNull(handler.Request?.RequestUri);
        Assert.EndsWith(operation.Path.Replace("{" + parameterName + "}", "C2026-05_22a", StringComparison.Ordinal), handler.Request.RequestUri.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_id_is_refused_naming_the_parameter()
    {
        var refused = Assert.Throws<KeySecureValidationException>(() => Http.PathParameters.Check("cardNo", null));
        Assert.Equal("cardNo", refused.Field);
    }

    private static (object Client, MethodInfo Method, object?[] Arguments, RecordingHandler Handler) Prepare(
        string specFile, string operationId, string parameterName, string value)
    {
        var operation = OpenApiDocument.Find(specFile, operationId);
        var interfaceType = GeneratedSurfaceTests.Sdk.GetType($"{operation.Document.ClientNamespace}.I{operation.Tag}Client")!;
        var method = interfaceType.GetMethod(operationId + "Async")!;
        var handler = new RecordingHandler();
        var httpClient = new HttpClient(handler) { BaseAddress = new Uri("https://provider.example/open-api/v1/") };
        var client = Refit.RestService.ForGenerated(interfaceType, httpClient, SdkRefitSettings.Instance);
        var arguments = method.GetParameters()
            .Select(p => p.GetCustomAttribute<PathParameterAttribute>()?.Name == parameterName ? value : VendorExtensionTests.ArgumentFor(p))
            .ToArray();
        Assert.Contains(value, arguments);
        return (client, method, arguments, handler);
    }

    // Refit's generated method builds the request (and so checks the ids) before it returns its Task.
    private static Task Call(object client, MethodInfo method, object?[] arguments)
    {
        try
        {
            return (Task)method.Invoke(client, arguments)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is { } thrown)
        {
            return Task.FromException(thrown);
        }
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            throw new HttpRequestException("Recorded; nothing is sent.");
        }
    }
}
