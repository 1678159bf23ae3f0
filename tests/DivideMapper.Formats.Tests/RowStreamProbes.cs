using DivideMapper.Formats.Import;

namespace DivideMapper.Formats.Tests;

/// <summary>A row stream that keeps no row and measures the live managed heap (after a full collection) every <c>every</c> rows.</summary>
internal sealed class HeapProbe(int every) : IRowStream
{
    public int Rows { get; private set; }
    public long PeakLiveBytes { get; private set; }
    public void Begin(string sha256) { }

    public void Add(object row, ImportedRow source)
    {
        if (++Rows % every == 0) PeakLiveBytes = Math.Max(PeakLiveBytes, GC.GetTotalMemory(forceFullCollection: true));
    }
}

/// <summary>A row stream that keeps every row handed to it, for comparing with the rows of an import that was not streamed.</summary>
internal sealed class Recorder : IRowStream
{
    public List<(object Row, ImportedRow Source)> Rows { get; } = [];
    public void Begin(string sha256) { }
    public void Add(object row, ImportedRow source) => Rows.Add((row, source));
}
