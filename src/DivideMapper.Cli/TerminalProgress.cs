using System.Diagnostics;
using System.Globalization;
using DivideMapper.Data.Runs;

namespace DivideMapper.Cli;

/// <summary>
/// A one-line progress display on stderr ("analyze: overlay  45%", "import: reading   40%  81,920 rows read, 61,440
/// stored"), redrawn in place with a carriage return and
/// at most every 100 ms. Only for people: <see cref="ForStderr"/> gives null when stderr is not a terminal (piped,
/// redirected, CI) or the output is --json, so logs and machine output never carry it.
/// </summary>
public sealed class TerminalProgress : IProgress<RunProgress>, IDisposable
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    private readonly string _label;
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private TimeSpan? _last; // null until the first draw (TimeSpan.MinValue here made the first subtraction overflow)
    private int _width;

    private TerminalProgress(string label) => _label = label;

    public static TerminalProgress? ForStderr(string label, bool json) =>
        json || Console.IsErrorRedirected ? null : new TerminalProgress(label);

    public void Report(RunProgress value) => Report(value, null);

    /// <summary>As above, with <paramref name="detail"/> after the percentage (e.g. rows so far).</summary>
    public void Report(RunProgress value, string? detail)
    {
        lock (_gate)
        {
            var now = _since.Elapsed;
            if (_last is { } last && now - last < MinInterval && value.Progress < 1) return;
            _last = now;
            var line = string.Create(CultureInfo.InvariantCulture, $"{_label}: {value.Phase,-10} {value.Progress,4:P0}");
            if (detail is not null) line += "  " + detail;
            Console.Error.Write("\r" + line.PadRight(_width));
            _width = line.Length;
        }
    }

    /// <summary>Clears the line so what follows starts on a clean one.</summary>
    public void Dispose()
    {
        lock (_gate)
            if (_width > 0)
            {
                Console.Error.Write("\r" + new string(' ', _width) + "\r");
                _width = 0;
            }
    }
}
