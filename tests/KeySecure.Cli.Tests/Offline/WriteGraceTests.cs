using System.Reflection;
using KeySecure.Cli.Hosting;
using KeySecure.Generated.Exceptions;

namespace KeySecure.Cli.Tests.Offline;

/// <summary>Which calls get the grace after a signal, and how a write cancelled after it may have been sent is reported.</summary>
public sealed class WriteGraceTests
{
    [Theory]
    [InlineData("ActivateCard", true)]
    [InlineData("SetCardPin", true)]
    [InlineData("UpdateCardStatus", true)]
    [InlineData("SimulateAuth", true)]
    [InlineData("SimulateRefund", true)]
    [InlineData("ApplyCard", true)]
    [InlineData("TransferFunds", true)]
    [InlineData("GetCardDetail", false)]
    [InlineData("GetCardPrivateInfo", false)]
    [InlineData("GetToken", false)]
    [InlineData("ListCards", false)]
    [InlineData("QueryCardSensitiveInfo", false)]
    public void Whether_a_call_changes_state_comes_from_the_SDK_catalog(string operationId, bool changesState) =>
        Assert.Equal(changesState, WriteGrace.ChangesState(operationId));

    [Fact]
    public void An_operation_the_SDK_does_not_know_is_refused_rather_than_guessed()
    {
        var refused = Assert.Throws<ArgumentException>(() => WriteGrace.ChangesState("UpdateCardStatuses"));
        Assert.Contains("UpdateCardStatuses", refused.Message);
    }

    [Fact]
    public void A_write_cancelled_after_it_may_have_been_sent_exits_6_with_how_to_read_it_back()
    {
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();
        var unknown = CallCanceled("UpdateCardStatus", stopped.Token);

        var (exitCode, message) = ExitCodes.Classify(unknown, stopped.Token);

        Assert.Equal(ExitCodes.OutcomeUnknown, exitCode);
        Assert.Contains("outcome is unknown", message);
        Assert.Contains("GetCardDetail", message);
        Assert.Contains("[operation UpdateCardStatus]", message);
    }

    [Fact]
    public void A_write_cancelled_after_it_may_have_been_sent_exits_6_also_when_HttpClient_wrapped_the_cancellation()
    {
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();
        var wrapped = new TaskCanceledException("The operation was canceled.", CallCanceled("TransferFunds", CancellationToken.None), stopped.Token);

        Assert.Equal(ExitCodes.OutcomeUnknown, ExitCodes.Classify(wrapped, stopped.Token).ExitCode);
        Assert.Equal(ExitCodes.Cancelled, ExitCodes.Classify(new TaskCanceledException("The operation was canceled.", null, stopped.Token), stopped.Token).ExitCode);
    }

    /// <summary>
    /// The SDK's exception, built through its internal constructor (only the SDK creates it): the arguments are matched
    /// by type (operation id, inner exception, token), so a reordering of that constructor does not break the test.
    /// </summary>
    private static CallCanceledException CallCanceled(string operationId, CancellationToken token)
    {
        var constructor = Assert.Single(typeof(CallCanceledException).GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic));
        var arguments = constructor.GetParameters().Select(p => p.ParameterType switch
        {
            var t when t == typeof(string) => operationId,
            var t when t == typeof(CancellationToken) => (object)token,
            _ => null,
        }).ToArray();
        return (CallCanceledException)constructor.Invoke(arguments);
    }
}
