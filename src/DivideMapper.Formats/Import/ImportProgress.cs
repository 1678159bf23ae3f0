namespace DivideMapper.Formats.Import;

/// <summary>Where an import is: the phases a progress bar names, in the order an import passes them.</summary>
public enum ImportPhase
{
    /// <summary>Accepted, not started yet.</summary>
    Queued,
    /// <summary>The reader is parsing the file (and, for streamed files, validating and storing its rows meanwhile); measured in bytes of the file.</summary>
    Reading,
    /// <summary>Rows read whole are checked (files that are not validated while read); measured in rows.</summary>
    Validating,
    /// <summary>Rows go to the database and the transaction commits; measured in rows stored.</summary>
    Storing,
    Finished,
    Failed,
}

/// <summary>One look at an import: its phase, the overall progress 0..1 and the rows read and stored so far.</summary>
public readonly record struct ImportProgressFigure(ImportPhase Phase, double Progress, long RowsRead, long RowsStored)
{
    /// <summary>The phase as the API and the CLI spell it (queued, reading, validating, storing, finished, failed).</summary>
    public string PhaseName => Phase.ToString().ToLowerInvariant();
}

/// <summary>
/// An import's progress, written by the import's own threads and read by whoever shows it (the CLI's progress line,
/// an HTTP client polling its import job). Writing is a few volatile stores of counters that readers make anyway:
/// readers report every 1,024 rows (with the bytes of the file consumed), the COPY every 1,024 rows stored, so the
/// hot path takes no lock and allocates nothing. Readers of the figure (<see cref="Snapshot"/>, at most every ~100 ms)
/// do the arithmetic and keep the figure monotone. The overall 0..1 splits into phase spans: reading 60 % (bytes of the
/// file where the reader streams it; else the span is passed at the end of reading), validating 10 % (rows), storing
/// 25 % (rows written), and the last 5 % when the import has committed: the server may still be taking the COPY's
/// last rows when all are written. A streamed file stores while it reads, so its storing span is only the rows left.
/// </summary>
public sealed class ImportProgress
{
    private static readonly (double Start, double Width)[] Spans =
    [
        (0, 0),       // queued
        (0.0, 0.6),   // reading
        (0.6, 0.1),   // validating
        (0.7, 0.25),  // storing: rows written to the COPY; the last 5 % are the server catching up and the commit
        (1, 0),       // finished
        (0, 0),       // failed: the last figure stays
    ];

    private readonly Lock _gate = new();
    private int _phase;
    private long _done;
    private long _total;
    private long _rowsRead;
    private long _rowsStored;
    private double _shown;

    /// <summary>Enters <paramref name="phase"/>, whose measure (bytes or rows) runs to <paramref name="total"/>.</summary>
    public void Enter(ImportPhase phase, long total = 0)
    {
        Volatile.Write(ref _done, 0);
        Volatile.Write(ref _total, total);
        Volatile.Write(ref _phase, (int)phase);
    }

    /// <summary>Rows validated so far (validating).</summary>
    public void Advance(long done) => Volatile.Write(ref _done, done);

    /// <summary>A reader's place: rows read so far, and bytes of its file consumed of <paramref name="fileBytes"/>.</summary>
    public void Read(long rows, long bytesConsumed, long fileBytes)
    {
        Volatile.Write(ref _rowsRead, rows);
        Volatile.Write(ref _total, fileBytes);
        Volatile.Write(ref _done, bytesConsumed);
    }

    /// <summary>Rows read so far, where the reader cannot say how many bytes it has consumed (the figure moves at the end of the phase).</summary>
    public void Read(long rows) => Volatile.Write(ref _rowsRead, rows);

    /// <summary>Rows written to the database so far (in the import's transaction).</summary>
    public void Stored(long rows) => Volatile.Write(ref _rowsStored, rows);

    public void Finish() => Enter(ImportPhase.Finished);

    public void Fail() => Enter(ImportPhase.Failed);

    public ImportPhase Phase => (ImportPhase)Volatile.Read(ref _phase);

    /// <summary>The figure now: phase, overall progress (never smaller than an earlier snapshot's), rows read and stored.</summary>
    public ImportProgressFigure Snapshot()
    {
        var phase = Phase;
        var total = Volatile.Read(ref _total);
        var stored = Volatile.Read(ref _rowsStored);
        var done = phase == ImportPhase.Storing ? stored : Volatile.Read(ref _done);
        var fraction = total > 0 ? Math.Clamp((double)done / total, 0, 1) : 0;
        var overall = phase switch
        {
            ImportPhase.Finished => 1,
            _ => Spans[(int)phase].Start + Spans[(int)phase].Width * fraction,
        };
        lock (_gate)
        {
            // Monotone: a phase entered with its measure not yet set, or a failure, never moves the bar back.
            if (phase == ImportPhase.Failed || overall < _shown) overall = _shown;
            _shown = overall;
        }
        return new ImportProgressFigure(phase, overall, Volatile.Read(ref _rowsRead), stored);
    }
}
