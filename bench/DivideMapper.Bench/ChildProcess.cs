using System.Diagnostics;

namespace DivideMapper.Bench;

/// <summary>What a child process printed, how it ended and how long it took from start to exit.</summary>
internal sealed record ChildResult(int ExitCode, string Output, string Error, double WallSeconds);

/// <summary>Runs a baseline or a whole DivideMapper command as its own process, both streams read to the end.</summary>
internal static class ChildProcess
{
    public static async Task<ChildResult> RunAsync(string exe, IReadOnlyList<string> args, CancellationToken ct,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{exe} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var wall = clock.Elapsed.TotalSeconds;
        return new ChildResult(process.ExitCode, await stdout, await stderr, wall);
    }

    /// <summary>The last line of a process's output, for an error message.</summary>
    public static string Last(string text) => text.Trim().Split('\n').LastOrDefault() ?? "";
}
