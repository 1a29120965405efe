using System.Globalization;
using KeySecure.Sandbox.Faults;
using KeySecure.Sandbox.Inspection;
using KeySecure.Sandbox.KeySecure;
using KeySecure.Sandbox.WorldFirst;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeySecure.Sandbox;

/// <summary>
/// Every request the server receives: recorded in the journal, routed to the KeySecure or WorldFirst emulation by its
/// operation, and answered as that operation's next fault says when one is set.
/// </summary>
internal sealed class SandboxRequests(SandboxCore core)
{
    private readonly KeySecureApi _keySecure = new(core,
        core.Options.LoggerFactory?.CreateLogger("KeySecure.Sandbox.KeySecure") ?? NullLogger.Instance);

    private readonly WorldFirstApi _worldFirst = new(core);

    public FaultPlan Faults { get; } = new();

    public RequestJournal Journal { get; } = new();

    public async Task HandleAsync(HttpContext http)
    {
        // Every response carries the sandbox clock's Date, so the SDK can learn the offset of a fake clock.
        http.Response.Headers.Date = core.Now.ToString("R", CultureInfo.InvariantCulture);
        var path = http.Request.Path.Value ?? "/";
        string? operationId;
        Func<Task> answer;
        if (path.StartsWith(KeySecureApi.Prefix, StringComparison.Ordinal))
        {
            var relative = path[KeySecureApi.Prefix.Length..];
            operationId = KeySecureApi.OperationIdOf(http.Request.Method, relative);
            answer = () => _keySecure.HandleAsync(http, relative);
        }
        else if (path == WorldFirstApi.Path)
        {
            operationId = WorldFirstApi.OperationId;
            answer = () => _worldFirst.HandleAsync(http);
        }
        else
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await Journal.RecordAsync(http, core.Now, operationId).ConfigureAwait(false);
        var fault = operationId is null ? null : Faults.Take(operationId);
        if (fault is null)
        {
            await answer().ConfigureAwait(false);
            return;
        }
        await fault.AnswerAsync(http, core.Options.TimeProvider, answer,
            (code, msg, data) => KeySecureApi.WriteEnvelopeAsync(http, code, msg, data)).ConfigureAwait(false);
    }

    /// <summary>Checks an operationId and fault given to <see cref="SandboxServer.FailNext"/>, then sets them.</summary>
    public void FailNext(string operationId, SandboxFault fault, int times)
    {
        if (operationId == WorldFirstApi.OperationId)
        {
            if (fault.NeedsEnvelope) throw new ArgumentException($"{fault} answers the KeySecure envelope, which {operationId} does not use.", nameof(fault));
        }
        else if (!KeySecureApi.OperationIds.Contains(operationId, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"'{operationId}' is not an operation of the sandbox; use one of: {string.Join(", ", KeySecureApi.OperationIds.Append(WorldFirstApi.OperationId))}.",
                nameof(operationId));
        }
        Faults.Add(operationId, fault, times);
    }
}
