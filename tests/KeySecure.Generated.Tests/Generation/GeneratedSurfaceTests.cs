using System.Reflection;
using System.Text.RegularExpressions;
using KeySecure.Generated.Http;

namespace KeySecure.Generated.Tests.Generation;

/// <summary>The generated client surface matches the specs: one interface per tag, one method per operation.</summary>
public sealed partial class GeneratedSurfaceTests
{
    internal static readonly Assembly Sdk = typeof(OperationMetadata).Assembly;

    /// <summary>The provider's documented KeySecure API list (path parameters written as {x}).</summary>
    private static readonly string[] ProviderKeySecureOperations =
    [
        "GET /merchant/token",
        "POST /cardholder/apply",
        "POST /cardholder/list",
        "GET /cardholder/{x}/info",
        "POST /card/apply",
        "POST /card/list",
        "GET /card/{x}/detail",
        "GET /card/{x}/private/info",
        "POST /card/active",
        "POST /card/status/update",
        "POST /card/pin/set",
        "GET /card/consume/{x}/info",
        "POST /card/consume/list",
        "GET /merchant/client/{x}/token",
        "POST /account/transfer",
        "GET /account/{x}/info",
        "POST /account/transfer/list",
        "POST /card/package/list",
        "POST /card/support/bins",
        "POST /merchant/pci/card/detail",
        "POST /simulate/auth",
        "POST /simulate/consumption_clear",
        "POST /simulate/consumption_fail",
        "POST /simulate/reversal",
        "POST /simulate/refund",
    ];

    private static readonly string[] ProviderWorldFirstOperations =
    [
        "POST /amsin/api/v2/business/worldcard/queryCardSensitiveInfo",
    ];

    /// <summary>Fragments of header names the runtime adds; no generated method may take them as parameters.</summary>
    private static readonly string[] HeaderLikeNames =
        ["apikey", "timestamp", "token", "signature", "signversion", "clientid", "requesttime", "responsetime", "connectedaccountid"];

    public static TheoryData<string, string> Operations => OpenApiDocument.AllOperationRows();

    [Theory]
    [MemberData(nameof(Operations))]
    public void Every_operation_has_an_async_method_on_its_tag_interface(string specFile, string operationId)
    {
        var operation = OpenApiDocument.Find(specFile, operationId);
        var interfaceName = $"{operation.Document.ClientNamespace}.I{operation.Tag}Client";

        var clientInterface = Sdk.GetType(interfaceName);
        Assert.True(clientInterface is not null, $"{operation} ({specFile}): the SDK has no type {interfaceName}.");
        // x-keysecure-internal keeps an operation the SDK drives itself (Get Token, the sandbox simulations) off the
        // merchant's surface; every other operation is public.
        var internalOperation = operation.Extension("x-keysecure-internal") is not null;
        Assert.True(clientInterface.IsInterface && clientInterface.IsPublic != internalOperation,
            $"{interfaceName} must be {(internalOperation ? "an internal" : "a public")} interface.");

        // One method per operation, the CancellationToken last and optional.
        var method = Assert.Single(clientInterface.GetMethods(), m => m.Name == operationId + "Async");
        Assert.True(typeof(Task).IsAssignableFrom(method.ReturnType), $"{method} must return a Task.");
        var last = method.GetParameters()[^1];
        Assert.True(last.ParameterType == typeof(CancellationToken) && last.IsOptional, $"{method} must end with an optional CancellationToken.");

        // A Refit interface: the verb and path are the spec's, as Refit's HTTP-method attribute.
        var http = method.GetCustomAttribute<Refit.HttpMethodAttribute>();
        Assert.True(http is not null, $"{method} has no Refit HTTP-method attribute.");
        Assert.Equal(operation.Method.ToUpperInvariant(), http.Method.Method);
        Assert.Equal(operation.Path, http.Path);

        // No NSwag client class beside the interface: Refit's source generator implements it.
        Assert.Null(Sdk.GetType($"{operation.Document.ClientNamespace}.{operation.Tag}Client"));
    }

    [Fact]
    public void Generated_clients_have_exactly_the_spec_operations()
    {
        foreach (var document in OpenApiDocument.Both)
        {
            var expected = document.Operations.Select(o => $"I{o.Tag}Client.{o.OperationId}Async").Order(StringComparer.Ordinal).ToList();
            var actual = ClientInterfaces(document.ClientNamespace)
                .SelectMany(i => i.GetMethods().Select(m => $"{i.Name}.{m.Name}"))
                .Distinct()
                .Order(StringComparer.Ordinal)
                .ToList();
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void No_generated_client_method_takes_a_header_as_parameter()
    {
        var offenders = new List<string>();
        foreach (var document in OpenApiDocument.Both)
        {
            foreach (var type in ClientInterfaces(document.ClientNamespace))
            {
                foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                {
                    foreach (var parameter in method.GetParameters().Where(p => p.ParameterType != typeof(CancellationToken)))
                    {
                        var normalised = NonAlphanumeric().Replace(parameter.Name ?? "", "").ToLowerInvariant();
                        if (HeaderLikeNames.Any(normalised.Contains))
                        {
                            offenders.Add($"{type.FullName}.{method.Name}({parameter.ParameterType.Name} {parameter.Name})");
                        }
                    }
                }
            }
        }

        Assert.True(offenders.Count == 0, "Headers are added by the runtime, not by callers: " + string.Join("; ", offenders));
    }

    [Fact]
    public void No_spec_operation_declares_header_parameters()
    {
        var offenders = OpenApiDocument.Both
            .SelectMany(d => d.Operations.SelectMany(o => d.Parameters(o)
                .Where(p => OpenApiDocument.Scalar(p, "in") == "header")
                .Select(p => $"{d.FileName}: {o} declares header {OpenApiDocument.Scalar(p, "name")}")))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void KeySecure_spec_covers_the_providers_api_list()
    {
        var inSpec = OpenApiDocument.KeySecure.Operations.Select(Normalise).ToHashSet(StringComparer.Ordinal);
        var missing = ProviderKeySecureOperations.Where(o => !inSpec.Contains(o)).ToList();
        Assert.True(missing.Count == 0, "keysecure.yaml lacks: " + string.Join(", ", missing));

        // Nothing invented either: every spec operation is one the provider documents.
        var extra = inSpec.Except(ProviderKeySecureOperations, StringComparer.Ordinal).ToList();
        Assert.True(extra.Count == 0, "keysecure.yaml has operations outside the provider's list: " + string.Join(", ", extra));
    }

    [Fact]
    public void WorldFirst_spec_covers_queryCardSensitiveInfo()
    {
        var inSpec = OpenApiDocument.WorldFirst.Operations.Select(Normalise).ToList();
        Assert.Equal(ProviderWorldFirstOperations, inSpec);
    }

    [Fact]
    public void OperationIds_are_unique_per_spec()
    {
        foreach (var document in OpenApiDocument.Both)
        {
            var duplicates = document.Operations.GroupBy(o => o.OperationId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(duplicates.Count == 0, $"{document.FileName}: duplicate operationIds {string.Join(", ", duplicates)}");
        }
    }

    internal static IEnumerable<Type> ClientInterfaces(string clientNamespace) =>
        Sdk.GetTypes().Where(t =>
            t.IsInterface && t.Namespace == clientNamespace && t.Name.StartsWith('I') && t.Name.EndsWith("Client", StringComparison.Ordinal));

    /// <summary>"post /card/{cardNo}/detail" -> "POST /card/{x}/detail".</summary>
    internal static string Normalise(SpecOperation operation) =>
        $"{operation.Method.ToUpperInvariant()} {PathParameter().Replace(operation.Path, "{x}")}";

    [GeneratedRegex(@"\{[^}/]+\}")]
    private static partial Regex PathParameter();

    [GeneratedRegex("[^A-Za-z0-9]")]
    private static partial Regex NonAlphanumeric();
}
