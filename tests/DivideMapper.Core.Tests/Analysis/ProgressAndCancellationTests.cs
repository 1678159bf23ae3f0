using System.Collections.Concurrent;
using DivideMapper.Core.Analysis;
using DivideMapper.Core.Domain;

namespace DivideMapper.Core.Tests.Analysis;

public sealed class ProgressAndCancellationTests
{
    private static AnalysisInput City(int settlements) => Fixture.Input([.. Enumerable.Range(1, settlements)
        .Select(i => Fixture.Settlement(i, $"POLYGON (({i * 300} 0, {i * 300 + 200} 0, {i * 300 + 200} 200, {i * 300} 200, {i * 300} 0))", 100))]) with
    {
        Coverage = [Fixture.Coverage(1, Tech.G4, "POLYGON ((0 0, 20000 0, 20000 100, 0 100, 0 0))")],
    };

    /// <summary>Records synchronously (Progress&lt;T&gt; would post to the thread pool and lose the order).</summary>
    private sealed class Recorder : IProgress<AnalysisProgress>
    {
        public ConcurrentQueue<AnalysisProgress> Seen { get; } = new();
        public void Report(AnalysisProgress value) => Seen.Enqueue(value);
    }

    [Fact]
    public void PhasesAreReportedInOrderAndTheOverlayReachesOne()
    {
        var recorder = new Recorder();
        var result = GapAnalyzer.Analyze(City(250), recorder, CancellationToken.None);
        Assert.Equal(250, result.Settlements.Count);

        var seen = recorder.Seen.ToList();
        var phases = seen.Select(p => p.Phase).Distinct().ToList();
        Assert.Equal([AnalysisPhases.Footprint, AnalysisPhases.Medians, AnalysisPhases.Overlay], phases);
        var overlay = seen.Where(p => p.Phase == AnalysisPhases.Overlay).Select(p => p.Fraction).ToList();
        Assert.Equal(0, overlay[0]);
        Assert.Equal(1, overlay.Max());
        // Batched: about one report per 1% of the settlements, not one per settlement.
        Assert.InRange(overlay.Count, 10, 150);
        Assert.All(seen, p => Assert.InRange(p.Fraction, 0, 1));
    }

    [Fact]
    public void ProgressDoesNotChangeTheResult()
    {
        var quiet = GapAnalyzer.Analyze(City(40));
        var reported = GapAnalyzer.Analyze(City(40), new Recorder(), CancellationToken.None);
        Assert.Equal(quiet.Settlements.Select(s => s.Row), reported.Settlements.Select(s => s.Row));
    }

    [Fact]
    public void ACancelledTokenStopsTheAnalysisAtACheckpoint()
    {
        using var cancel = new CancellationTokenSource();
        var recorder = new CancelOnOverlay(cancel);
        Assert.ThrowsAny<OperationCanceledException>(() => GapAnalyzer.Analyze(City(400), recorder, cancel.Token));
        // It stopped inside the overlay, before the end.
        Assert.True(recorder.LastOverlayFraction < 1, $"overlay reached {recorder.LastOverlayFraction}");
    }

    private sealed class CancelOnOverlay(CancellationTokenSource cancel) : IProgress<AnalysisProgress>
    {
        public double LastOverlayFraction { get; private set; }

        public void Report(AnalysisProgress value)
        {
            if (value.Phase != AnalysisPhases.Overlay) return;
            LastOverlayFraction = Math.Max(LastOverlayFraction, value.Fraction);
            if (value.Fraction > 0) cancel.Cancel();
        }
    }
}
