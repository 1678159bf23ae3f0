using DivideMapper.Data.Runs;
using DivideMapper.Formats.Import;

namespace DivideMapper.Cli;

/// <summary>
/// `dm import`'s progress line: the import's threads only bump counters (<see cref="ImportProgress"/>), so this
/// polls the figure on a timer of its own and draws it with <see cref="TerminalProgress"/> (on a terminal only:
/// never with --json, never when stderr is piped or redirected).
/// </summary>
internal sealed class ImportProgressLine : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly TerminalProgress _terminal;
    private readonly ImportProgress _progress;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private ImportProgressLine(TerminalProgress terminal, ImportProgress progress)
    {
        _terminal = terminal;
        _progress = progress;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>A line drawing <paramref name="progress"/>, or null where there is no terminal to draw on.</summary>
    public static ImportProgressLine? Start(ImportProgress progress, bool json) =>
        TerminalProgress.ForStderr("import", json) is { } terminal ? new ImportProgressLine(terminal, progress) : null;

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Draw();
            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Draw()
    {
        var figure = _progress.Snapshot();
        _terminal.Report(new RunProgress(figure.PhaseName, figure.Progress),
            FormattableString.Invariant($"{figure.RowsRead:N0} rows read, {figure.RowsStored:N0} stored"));
    }

    /// <summary>Stops drawing and clears the line, so the report starts on a clean one.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _terminal.Dispose();
        _stop.Dispose();
    }
}
