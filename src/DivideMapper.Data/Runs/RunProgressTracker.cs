using DivideMapper.Core.Analysis;
using DivideMapper.Data.Storage;
using Npgsql;

namespace DivideMapper.Data.Runs;

/// <summary>A run's place: its phase and overall progress (0..1 across every phase).</summary>
public readonly record struct RunProgress(string Phase, double Progress);

/// <summary>
/// Turns Core's per-phase progress into the run's overall figure, keeps the latest value (cheap, from any thread),
/// and on a timer of its own writes it to the run row and reads back <c>cancel_requested</c>: a cancel (from the API,
/// in any process) trips <see cref="Cancellation"/>, which the analysis checks at its next checkpoint. The compute
/// threads never wait for the database.
/// </summary>
public sealed class RunProgressTracker : IProgress<AnalysisProgress>, IAsyncDisposable
{
    /// <summary>How often the run row is updated and the cancel flag read.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(300);

    // Where each phase sits in the overall 0..1 (the overlay is the long one on real cities; bench/README.md).
    private static readonly Dictionary<string, (double Start, double Width)> Spans = new()
    {
        [AnalysisPhases.Load] = (0.00, 0.10),
        [AnalysisPhases.Footprint] = (0.10, 0.10),
        [AnalysisPhases.Medians] = (0.20, 0.10),
        [AnalysisPhases.Overlay] = (0.30, 0.60),
        [AnalysisPhases.Store] = (0.90, 0.10),
    };

    private readonly NpgsqlDataSource _dataSource;
    private readonly long _runId;
    private readonly IProgress<RunProgress>? _listener;
    private readonly CancellationTokenSource _cancel;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private RunProgress _latest = new(AnalysisPhases.Load, 0);

    private RunProgressTracker(NpgsqlDataSource dataSource, long runId, IProgress<RunProgress>? listener, CancellationToken outer)
    {
        _dataSource = dataSource;
        _runId = runId;
        _listener = listener;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Tracks run <paramref name="runId"/>; <paramref name="listener"/> (e.g. the CLI's progress line) hears every change.</summary>
    public static RunProgressTracker Start(NpgsqlDataSource dataSource, long runId, IProgress<RunProgress>? listener, CancellationToken outer) =>
        new(dataSource, runId, listener, outer);

    /// <summary>Cancelled when a cancel was requested for the run, or when the caller's token is.</summary>
    public CancellationToken Cancellation => _cancel.Token;

    /// <summary>True when the run was stopped by a cancel request (not by the caller's token).</summary>
    public bool CancelRequested { get; private set; }

    public RunProgress Latest
    {
        get { lock (_gate) return _latest; }
    }

    public void Report(AnalysisProgress value)
    {
        var (start, width) = Spans.TryGetValue(value.Phase, out var span) ? span : (0, 0);
        var overall = start + width * Math.Clamp(value.Fraction, 0, 1);
        RunProgress next;
        lock (_gate)
        {
            // Monotonic: a late report from a slower thread never moves the bar back.
            if (overall < _latest.Progress) return;
            next = _latest = new RunProgress(value.Phase, overall);
        }
        _listener?.Report(next);
    }

    /// <summary>Enters a phase (load, store: the database's phases).</summary>
    public void Enter(string phase) => Report(new AnalysisProgress(phase, 0));

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await FlushAsync(_stop.Token);
        }
    }

    /// <summary>Writes the latest progress now and reads the cancel flag.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        var latest = Latest;
        try
        {
            if (await RunStore.ReportAsync(_dataSource, _runId, latest.Phase, latest.Progress, ct))
            {
                CancelRequested = true;
                await _cancel.CancelAsync();
            }
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            // Progress is best effort: a database hiccup must not fail the run (storing the results will tell).
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _cancel.Dispose();
    }
}
