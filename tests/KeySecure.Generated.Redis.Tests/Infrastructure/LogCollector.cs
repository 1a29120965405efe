using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace KeySecure.Generated.Redis.Tests.Infrastructure;

/// <summary>Keeps the formatted log lines at or above a level, for a test to read.</summary>
public sealed class LogCollector(LogLevel minimum) : ILoggerProvider, ILogger
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages.ToArray();

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel)) _messages.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception.Message));
    }

    public void Dispose()
    {
    }
}
