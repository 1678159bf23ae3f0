using Microsoft.Extensions.Logging;

namespace DivideMapper.Cli;

/// <summary>Logs for the CLI go to stderr so stdout stays clean for results and --json.</summary>
public static class CliLogging
{
    public static ILoggerFactory Factory { get; } = LoggerFactory.Create(b => b
        .SetMinimumLevel(Environment.GetEnvironmentVariable("DM_VERBOSE") is { Length: > 0 } ? LogLevel.Debug : LogLevel.Information)
        .AddFilter("Microsoft", LogLevel.Warning)
        .AddSimpleConsole(o => o.SingleLine = true)
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));

    public static ILogger Logger { get; } = Factory.CreateLogger("dm");
}
