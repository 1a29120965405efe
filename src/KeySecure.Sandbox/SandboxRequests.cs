using System.Globalization;
using KeySecure.Sandbox.Faults;
using KeySecure.Sandbox.Inspection;
using KeySecure.Sandbox.KeySecure;
using KeySecure.Sandbox.Specs;
using KeySecure.Sandbox.WorldFirst;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeySecure.Sandbox;

/// <summary>
/// Every request the server receives: recorded in the journal (checked against the specs), routed to the KeySecure or
/// WorldFirst emulation by its operation, or answered with the spec's example when the operation is one the sandbox
/// does not emulate, and answered as that operation's next fault says when one is set.
/// </summary>
internal sealed class SandboxRequests(SandboxCore core)
{
    private readonly KeySecureApi _keySecure = new(core,
        core.Options.LoggerFactory?.CreateLogger("KeySecure.Sandbox.KeySecure") ?? NullLogger.Instance);

    private readonly WorldFirstApi _worldFirst = new(core);

    public FaultPlan Faults { get; } = new();

    public RequestJournal Journal { get; } = new(new RequestRules(core.Specs));

    public async Task HandleAsync(HttpContext http)
    {
        // Every response carries the sandbox clock's Date, so the SDK can learn the offset of a fake clock.
        http.Response.Headers.Date = core.Now.ToString("R", CultureInfo.InvariantCulture);
        var path = http.Request.Path.Value ?? "/";
        var method = http.Request.Method;
        var isKeySecure = path.StartsWith(KeySecureApi.Prefix, StringComparison.Ordinal);
        var relative = isKeySecure ? path[KeySecureApi.Prefix.Length..] : "";
        string? operationId;
        Func<Task> answer;
        if (isKeySecure && KeySecureApi.OperationIdOf(method, relative) is { } emulated)
        {
            operationId = emulated;
            answer = () => _keySecure.HandleAsync(http, relative);
        }
        else if (path == WorldFirstApi.Path)
        {
            operationId = WorldFirstApi.OperationId;
            answer = () => _worldFirst.HandleAsync(http);
        }
        else if (core.Specs.Match(method, path) is { } specified)
        {
            operationId = specified.OperationId;
            answer = isKeySecure
                ? async () =>
                {
                    var auth = (string?)specified.Node["x-keysecure-auth"];
                    if (await _keySecure.AuthenticateOrRefuseAsync(http, auth).ConfigureAwait(false)) await SpecExampleAnswer.WriteAsync(http, specified).ConfigureAwait(false);
                }
                : () => SpecExampleAnswer.WriteAsync(http, specified);
        }
        else if (isKeySecure)
        {
            // No operation: the emulation answers 404, or 405 for a known path with another method.
            operationId = null;
            answer = () => _keySecure.HandleAsync(http, relative);
        }
        else
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var received = await Journal.RecordAsync(http, core.Now, operationId).ConfigureAwait(false);
        if (core.Options.RefuseOffSpecRequests && operationId is not null && received.Violations.Count > 0)
        {
            await RefuseAsync(http, isKeySecure, received.Violations[0]).ConfigureAwait(false);
            return;
        }
        var fault = operationId is null ? null : Faults.Take(operationId);
        if (fault is null)
        {
            await answer().ConfigureAwait(false);
            return;
        }
        await fault.AnswerAsync(http, core.Options.TimeProvider, answer,
            (code, msg, data) => KeySecureApi.WriteEnvelopeAsync(http, code, msg, data)).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers a request that breaks the spec without applying it (<see cref="SandboxOptions.RefuseOffSpecRequests"/>):
    /// KeySecure's 1004 naming the location and the rule, as the provider names the offending field first; WorldFirst
    /// (no envelope) a plain 400.
    /// </summary>
    private static Task RefuseAsync(HttpContext http, bool isKeySecure, SandboxViolation violation)
    {
        var message = $"{violation.Location.TrimStart('/')} [{violation.Rule}] {violation.Message} (sandbox: the request breaks the spec)";
        if (isKeySecure) return KeySecureApi.WriteEnvelopeAsync(http, KsCode.InvalidParameter, message, null);
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        return http.Response.WriteAsync(message, http.RequestAborted);
    }

    /// <summary>Checks an operationId and fault given to <see cref="SandboxServer.FailNext"/>, then sets them.</summary>
    public void FailNext(string operationId, SandboxFault fault, int times)
    {
        var operation = core.Specs.Operation(operationId)
            ?? throw new ArgumentException(
                $"'{operationId}' is not an operation of the specs; use one of: {string.Join(", ", core.Specs.All.SelectMany(s => s.Operations).Select(o => o.OperationId))}.",
                nameof(operationId));
        if (operation.Spec != core.Specs.KeySecure && fault.NeedsEnvelope)
        {
            throw new ArgumentException($"{fault} answers the KeySecure envelope, which {operationId} does not use.", nameof(fault));
        }
        Faults.Add(operationId, fault, times);
    }
}
