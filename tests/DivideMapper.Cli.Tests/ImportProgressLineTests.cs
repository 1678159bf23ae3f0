using System.Diagnostics;
using DivideMapper.Testing;

namespace DivideMapper.Cli.Tests;

/// <summary>
/// `dm import` draws a progress line on a terminal, and only there: not when stderr is a pipe (CI, scripts, logs) and
/// not with --json. The terminal is a real pseudo-terminal from util-linux's <c>script</c>.
/// </summary>
public sealed class ImportProgressLineTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();

    private static string Sample(string file) => Path.Combine(RepoPaths.Root, "sample-data", file);

    /// <summary>Runs dm under <c>script</c>, so its stdin, stdout and stderr are a terminal; returns the exit code and what the terminal showed.</summary>
    private async Task<(int ExitCode, string Terminal)> DmOnATerminalAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "dm.dll");
        var command = string.Join(' ', new[] { "dotnet", dll }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''") + "'"));
        var start = new ProcessStartInfo("script")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var a in new[] { "--quiet", "--return", "--command", command, "/dev/null" }) start.ArgumentList.Add(a);
        start.Environment["DIVIDEMAPPER_DB"] = _database.ConnectionString;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    [Fact]
    public async Task OnATerminalImportDrawsAProgressLineAndClearsIt()
    {
        var (exitCode, terminal) = await DmOnATerminalAsync("import", Sample("cell_sites.csv"), "--project", "tty", "--role", "sites");

        Assert.True(exitCode == 0, terminal);
        Assert.Contains("\rimport: ", terminal);
        Assert.Contains("rows read", terminal);
        Assert.Contains("imported as dataset", terminal);
        Assert.Equal(80L, await _database.ScalarAsync<long>("SELECT count(*) FROM site"));
    }

    [Fact]
    public async Task OnATerminalAnalyzeDrawsItsLineToo()
    {
        // TerminalProgress's first draw used to overflow (TimeSpan.MinValue subtracted), failing `dm analyze` on a terminal.
        Assert.Equal(0, (await DmProcess.RunAsync(_database.ConnectionString, "import", Sample("settlements.geojson"), "--project", "tty-run", "--role", "settlements")).ExitCode);
        Assert.Equal(0, (await DmProcess.RunAsync(_database.ConnectionString, "import", Sample("coverage.zip"), "--project", "tty-run", "--role", "coverage")).ExitCode);

        var (exitCode, terminal) = await DmOnATerminalAsync("analyze", "--project", "tty-run");

        Assert.True(exitCode == 0, terminal);
        Assert.Contains("\ranalyze: ", terminal);
    }

    [Fact]
    public async Task WithJsonOnATerminalThereIsNoProgressLine()
    {
        var (exitCode, terminal) = await DmOnATerminalAsync("import", Sample("cell_sites.csv"), "--project", "tty-json", "--role", "sites", "--json");

        Assert.True(exitCode == 0, terminal);
        Assert.DoesNotContain("import: ", terminal);
        Assert.Contains("\"dataset\"", terminal);
    }

    [Fact]
    public async Task WhenStderrIsPipedThereIsNoProgressLine()
    {
        var result = await DmProcess.RunAsync(_database.ConnectionString, "import", Sample("cell_sites.csv"), "--project", "piped", "--role", "sites");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain('\r', result.StandardError);
        Assert.DoesNotContain("import: ", result.StandardError);
        Assert.Contains("imported as dataset", result.StandardOutput);
    }
}
