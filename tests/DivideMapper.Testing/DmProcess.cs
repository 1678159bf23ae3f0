using System.Diagnostics;

namespace DivideMapper.Testing;

/// <summary>Runs the built <c>dm</c> CLI as a child process, the way a user does, against a given database.</summary>
public static class DmProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static Task<Result> RunAsync(string? connectionString, params string[] args) => RunAsync(connectionString, null, args);

    /// <summary>As above, with extra environment variables for the child (e.g. its TMPDIR).</summary>
    public static async Task<Result> RunAsync(string? connectionString, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "dm.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"dm.dll is not beside the tests ({dll}).");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        if (connectionString is null) start.Environment.Remove("DIVIDEMAPPER_DB");
        else start.Environment["DIVIDEMAPPER_DB"] = connectionString;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        process.StandardInput.Close(); // like CI: no stdin
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
