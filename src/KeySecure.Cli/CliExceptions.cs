namespace KeySecure.Cli;

/// <summary>Invalid arguments or configuration found by the tool itself before any request (exit code 2).</summary>
public sealed class CliUsageException : Exception
{
    /// <summary>Creates the exception; the message names the setting, never its value when it is secret.</summary>
    public CliUsageException(string message) : base(message)
    {
    }
}

/// <summary>The provider accepted the call but reported <c>result: false</c> (exit code 3).</summary>
public sealed class ProviderAnsweredFalseException : Exception
{
    /// <summary>Creates the exception for an operation that answered <c>result: false</c>.</summary>
    public ProviderAnsweredFalseException(string operation)
        : base($"KeySecure answered result=false for {operation}: the operation was not applied.")
    {
    }
}
