using System.Diagnostics;
using System.Text.Json;
using DivideMapper.Data.Runs;

namespace DivideMapper.Cli;

/// <summary>
/// The timing hook of a whole command (issue: "dm bench analysis times each phase"): when the environment variable
/// <see cref="Variable"/> names a file, the command records when it reached each mark — process start (runtime, JIT and
/// argument parsing, up to the command), database ready, each analysis phase as its progress first arrives, output written — and writes the
/// seconds spent in each as one JSON object to that file on exit. Without the variable it costs nothing and passes
/// progress straight through, so the user-facing command is the one being measured.
/// </summary>
public sealed class PhaseClock : IProgress<RunProgress>
{
    public const string Variable = "DIVIDEMAPPER_PHASE_TIMES";

    private readonly string? _path;
    private readonly IProgress<RunProgress>? _inner;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly double _startup;
    private readonly List<(string Mark, double At)> _marks = [];
    private readonly Lock _gate = new();

    private PhaseClock(string? path, IProgress<RunProgress>? inner)
    {
        _path = path;
        _inner = inner;
        if (path is not null)
            _startup = Math.Max(0, (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds - _clock.Elapsed.TotalSeconds);
    }

    /// <summary>A clock for this process, wrapping the terminal progress line (or nothing).</summary>
    public static PhaseClock Start(IProgress<RunProgress>? inner) =>
        new(Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : null, inner);

    /// <summary>Enters a phase of the command (e.g. "database", "output"); it lasts until the next one starts.</summary>
    public void Enter(string phase)
    {
        if (_path is null) return;
        lock (_gate)
            if (_marks.Count == 0 || _marks[^1].Mark != phase) _marks.Add((phase, _clock.Elapsed.TotalSeconds));
    }

    /// <summary>Analysis progress: the first report of a phase enters it; then the terminal line gets it.</summary>
    public void Report(RunProgress value)
    {
        Enter(value.Phase);
        _inner?.Report(value);
    }

    /// <summary>
    /// Writes <c>{"process_start": s, "database": s, "load": s, …, "output": s, "total": s}</c>: each phase from its
    /// start to the next one's; process_start runs from the process's start to this clock's (runtime, JIT, arguments).
    /// </summary>
    public void Write()
    {
        if (_path is null) return;
        var now = _clock.Elapsed.TotalSeconds;
        var seconds = new Dictionary<string, double> { ["process_start"] = _startup };
        lock (_gate)
        {
            for (var i = 0; i < _marks.Count; i++)
            {
                var (phase, at) = _marks[i];
                var end = i + 1 < _marks.Count ? _marks[i + 1].At : now;
                seconds[phase] = seconds.GetValueOrDefault(phase) + (end - at);
            }
        }
        seconds["total"] = _startup + now;
        File.WriteAllText(_path, JsonSerializer.Serialize(seconds));
    }
}
