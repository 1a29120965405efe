using System.Diagnostics;
using System.Text.Json.Nodes;
using KeySecure.Generated;

namespace KeySecure.Cli.Tour;

/// <summary>One step of the tour as it appears in the JSON summary: name, outcome and the ids it produced (never secrets or card data).</summary>
internal sealed record TourStep(string Name, bool Ok, JsonObject Ids, long ElapsedMs, string? Note = null, string? Error = null, int? ExitCode = null)
{
    public JsonObject ToJson()
    {
        var step = new JsonObject { ["name"] = Name, ["ok"] = Ok, ["ids"] = Ids.DeepClone(), ["elapsed_ms"] = ElapsedMs };
        if (Note is not null) step["note"] = Note;
        if (Error is not null) step["error"] = Error;
        if (ExitCode is not null) step["exit_code"] = ExitCode;
        return step;
    }
}

/// <summary>Thrown when a tour step fails: the tour stops, the summary records the failure and the process exits with <see cref="ExitCode"/>.</summary>
internal sealed class TourStepFailedException(string step, int exitCode, Exception inner)
    : Exception($"Tour step '{step}' failed.", inner)
{
    public string Step { get; } = step;

    public int ExitCode { get; } = exitCode;
}

/// <summary>Runs the tour's steps, narrates them on stderr and collects the JSON summary.</summary>
internal sealed class TourRecorder(TextWriter stderr, CancellationToken cancellationToken)
{
    private readonly List<TourStep> _steps = [];
    private readonly Stopwatch _total = Stopwatch.StartNew();

    public IReadOnlyList<TourStep> Steps => _steps;

    public void Say(string line) => stderr.WriteLine("    " + line);

    /// <summary>Runs one step; its ids go to the summary. A failure is classified by <see cref="ExitCodes.Classify"/> and stops the tour.</summary>
    public async Task<T> StepAsync<T>(string name, string title, Func<CancellationToken, Task<T>> action, Func<T, JsonObject> ids, Func<T, string?>? note = null)
    {
        stderr.WriteLine($"[{_steps.Count + 1,2}] {title}");
        var watch = Stopwatch.StartNew();
        try
        {
            var result = await action(cancellationToken).ConfigureAwait(false);
            var stepNote = note?.Invoke(result);
            _steps.Add(new TourStep(name, true, ids(result), watch.ElapsedMilliseconds, stepNote));
            stderr.WriteLine($"     ok ({watch.ElapsedMilliseconds} ms){(stepNote is null ? string.Empty : ": " + stepNote)}");
            return result;
        }
        catch (Exception failure) when (failure is not TourStepFailedException)
        {
            var (exitCode, message) = ExitCodes.Classify(failure, cancellationToken);
            _steps.Add(new TourStep(name, false, [], watch.ElapsedMilliseconds, Error: message, ExitCode: exitCode));
            stderr.WriteLine($"     FAILED: {message}");
            throw new TourStepFailedException(name, exitCode, failure);
        }
    }

    /// <summary>A step that is shown but not run (missing configuration in read-only mode).</summary>
    public void Skip(string name, string title, string reason)
    {
        stderr.WriteLine($"[{_steps.Count + 1,2}] {title}");
        stderr.WriteLine($"     skipped: {reason}");
        _steps.Add(new TourStep(name, true, new JsonObject { ["skipped"] = true }, 0, reason));
    }

    public JsonObject Summary(string mode, int exitCode) => new()
    {
        ["command"] = "tour",
        ["mode"] = mode,
        ["ok"] = exitCode == ExitCodes.Success,
        ["exit_code"] = exitCode,
        ["elapsed_ms"] = _total.ElapsedMilliseconds,
        ["steps"] = new JsonArray([.. _steps.Select(s => (JsonNode)s.ToJson())]),
    };

    /// <summary>Ids are identifiers the platform assigns (card_no, cardholder_no, consume_no): redacted only if they look like a PAN.</summary>
    public static string? Id(string? value) => value is null ? null : Redaction.Redact(value);
}
