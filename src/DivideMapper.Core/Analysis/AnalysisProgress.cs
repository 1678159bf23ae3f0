namespace DivideMapper.Core.Analysis;

/// <summary>
/// The phases of a run, in the order they happen (the names the API and the CLI show). <see cref="Load"/> and
/// <see cref="Store"/> are the database's; the three between are <see cref="GapAnalyzer.Analyze(AnalysisInput, IProgress{AnalysisProgress}?, CancellationToken)"/>'s.
/// </summary>
public static class AnalysisPhases
{
    /// <summary>Reading the project's rows from PostGIS.</summary>
    public const string Load = "load";
    /// <summary>Settlements, coverage and site disks checked, projected and indexed; population layers prepared.</summary>
    public const string Footprint = "footprint";
    /// <summary>Measurements of the chosen network and period assigned to settlements (shares of tiles inside each).</summary>
    public const string Medians = "medians";
    /// <summary>Per settlement: footprint overlay, gap polygon, weighted medians, people, facilities (the long phase).</summary>
    public const string Overlay = "overlay";
    /// <summary>Results and gap polygons written to PostGIS.</summary>
    public const string Store = "store";

    /// <summary>Every phase in order.</summary>
    public static IReadOnlyList<string> All { get; } = [Load, Footprint, Medians, Overlay, Store];
}

/// <summary>Where an analysis is: its phase and how far through that phase it is (0..1).</summary>
public readonly record struct AnalysisProgress(string Phase, double Fraction);

/// <summary>
/// Reports the overlay phase's progress in batches from parallel loops: one atomic increment per settlement and a
/// report about every 1% (never per settlement, so a fast city costs nothing measurable).
/// </summary>
internal sealed class BatchedProgress(IProgress<AnalysisProgress>? progress, string phase, int total)
{
    private readonly int _step = Math.Max(1, total / 100);
    private int _done;

    public void Start() => progress?.Report(new AnalysisProgress(phase, 0));

    public void Advance()
    {
        if (progress is null) return;
        int done = Interlocked.Increment(ref _done);
        if (done % _step == 0 || done == total) progress.Report(new AnalysisProgress(phase, Math.Min(1, (double)done / total)));
    }
}
