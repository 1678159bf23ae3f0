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

    public Task DiscardAsync()
    {
        Rows = 0;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Imports <paramref name="path"/> (measurements of <paramref name="count"/> rows) into a probe that keeps nothing,
    /// checks every row streamed (in <paramref name="sourceCrs"/> when given) and returns the peak live heap.
    /// </summary>
    public static long PeakLiveBytesOfImport(string path, int count, string? sourceCrs = null)
    {
        var probe = new HeapProbe(count / 20);
        var outcome = ImportPipeline.ReadAsync(path, Path.GetFileName(path), new ImportOptions { Role = DivideMapper.Core.Domain.DatasetRole.Measurements }, probe)
            .GetAwaiter().GetResult();
        Assert.True(outcome.Accepted, string.Join("; ", outcome.Report.Problems.Select(p => p.Message)));
        Assert.True(outcome.Streamed);
        if (sourceCrs is not null) Assert.Equal(sourceCrs, outcome.Report.SourceCrs);
        Assert.Equal(count, probe.Rows);
        Assert.Empty(outcome.RoleRows);
        return probe.PeakLiveBytes;
    }
}

/// <summary>A row stream that keeps every row handed to it, for comparing with the rows of an import that was not streamed.</summary>
internal sealed class Recorder : IRowStream
{
    public List<(object Row, ImportedRow Source)> Rows { get; } = [];
    public void Begin(string sha256) { }
    public void Add(object row, ImportedRow source) => Rows.Add((row, source));

    /// <summary>How many times the pipeline discarded the rows (it read the file again).</summary>
    public int Discards { get; private set; }

    public Task DiscardAsync()
    {
        Rows.Clear();
        Discards++;
        return Task.CompletedTask;
    }
}
