using System.CommandLine;
using System.Diagnostics;
using DivideMapper.Data;

namespace DivideMapper.Cli.Commands;

/// <summary>
/// <c>dm bench …</c>: runs the benchmark project (<c>bench/DivideMapper.Bench</c>) as a child process with the same
/// arguments (all of them, `--help` included), after an incremental build of it. The benchmarks are tooling and stay out of <c>dm</c> itself.
/// </summary>
public static class BenchCommand
{
    private const string Project = "bench/DivideMapper.Bench/DivideMapper.Bench.csproj";
    private const string Binary = "bench/DivideMapper.Bench/bin/Release/net10.0/DivideMapper.Bench.dll";

    /// <summary>Listed in <c>dm --help</c>; Program.cs hands <c>dm bench …</c> to <see cref="ForwardAsync"/> before parsing.</summary>
    public static Command Create()
    {
        var rest = new Argument<string[]>("arguments") { Description = "The bench's own command and options, e.g. `analysis --size w1` (`dm bench --help` lists them).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("bench", "Benchmarks of DESIGN §9 (bench/README.md), as ratios against baselines measured in the same run.") { rest };
        command.SetAction((parse, ct) => ForwardAsync(parse.GetValue(rest) ?? [], ct));
        return command;
    }

    /// <summary>Builds the bench project (incremental) and runs it with <paramref name="arguments"/>, stdio inherited.</summary>
    public static async Task<int> ForwardAsync(IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var home = DivideMapperPaths.Home;
        if (!File.Exists(Path.Combine(home, Project)))
        {
            CliOutput.Error($"no benchmark project at {Path.Combine(home, Project)}: `dm bench` needs a checkout of the repository.");
            return ExitCodes.Failure;
        }
        // Always build (incremental, seconds): a stale bench would measure old code, and benches run for minutes anyway.
        var build = await RunAsync("dotnet", ["build", Path.Combine(home, Project), "-c", "Release", "-v", "q", "--nologo", "-clp:NoSummary;ErrorsOnly"], ct);
        if (build != 0) return ExitCodes.Failure;
        return await RunAsync("dotnet", [Path.Combine(home, Binary), .. arguments], ct);
    }

    private static async Task<int> RunAsync(string file, IEnumerable<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false }; // stdio inherited: the bench prints its own report
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        try
        {
            await child.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw;
        }
        return child.ExitCode;
    }
}
