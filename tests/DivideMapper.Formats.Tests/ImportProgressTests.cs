using System.Globalization;
using System.Text;
using DivideMapper.Core.Domain;
using DivideMapper.Formats.Import;
using DivideMapper.Testing;

namespace DivideMapper.Formats.Tests;

/// <summary>The import's progress figure as the readers and the validation move it (the store's part is in Data and Web tests).</summary>
public sealed class ImportProgressTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    /// <summary>Takes a snapshot of the figure with every row handed over, on the reading thread: what a poller could have seen.</summary>
    internal sealed class Sampler(ImportProgress progress) : IRowStream
    {
        public List<ImportProgressFigure> Seen { get; } = [];
        public void Begin(string sha256) { }
        public void Add(object row, ImportedRow source) => Seen.Add(progress.Snapshot());

        public Task DiscardAsync()
        {
            Seen.Clear();
            return Task.CompletedTask;
        }
    }

    private string SpeedPoints(int rows)
    {
        var path = _dir.File("speed.csv");
        var csv = new StringBuilder("id,period,avg_d_kbps,tests,devices,lon,lat\n");
        for (var i = 1; i <= rows; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{i},2024Q1,{5000 + i},{1 + i % 30},{1 + i % 9},{36.7 + i * 1e-5:0.######},{-1.3 + i * 1e-5:0.######}\n");
        File.WriteAllText(path, csv.ToString(), new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public async Task AStreamedCsvMovesTheFigureByBytesReadAndRowsReadAndNeverBack()
    {
        var path = SpeedPoints(10_000);
        var progress = new ImportProgress();
        var sampler = new Sampler(progress);

        var outcome = await ImportPipeline.ReadAsync(path, "speed.csv", new ImportOptions { Role = DatasetRole.Measurements }, sampler, progress);

        Assert.True(outcome.Streamed);
        Assert.Equal(10_000, sampler.Seen.Count);
        Assert.All(sampler.Seen, f => Assert.Equal(ImportPhase.Reading, f.Phase));
        Assert.All(sampler.Seen.Zip(sampler.Seen.Skip(1)), p =>
        {
            Assert.True(p.Second.Progress >= p.First.Progress);
            Assert.True(p.Second.RowsRead >= p.First.RowsRead);
        });
        // Reports every 1,024 rows: the figure moved while the file was read, within reading's 60 %.
        Assert.Equal(9 * 1024, sampler.Seen[^1].RowsRead);
        Assert.InRange(sampler.Seen[2000].Progress, 0.05, 0.2);
        Assert.InRange(sampler.Seen[^1].Progress, 0.5, 0.6);
        var read = progress.Snapshot();
        Assert.Equal(10_000, read.RowsRead);
        Assert.Equal(0.6, read.Progress, 9);
    }

    [Fact]
    public async Task AFileValidatedAfterReadingPassesThroughValidating()
    {
        var path = SpeedPoints(3_000);
        var progress = new ImportProgress();

        // A declared SRID means the rows are reprojected after reading, not streamed.
        var outcome = await ImportPipeline.ReadAsync(path, "speed.csv", new ImportOptions { Role = DatasetRole.Measurements, Srid = 4326 }, null, progress);

        Assert.False(outcome.Streamed);
        Assert.True(outcome.Accepted);
        var figure = progress.Snapshot();
        Assert.Equal(ImportPhase.Validating, figure.Phase);
        Assert.Equal("validating", figure.PhaseName);
        Assert.Equal(3_000, figure.RowsRead);
        Assert.Equal(0.7, figure.Progress, 9);
    }

    [Fact]
    public void StoringCountsRowsStoredAFailureKeepsTheFigureAndFinishingIsOne()
    {
        var progress = new ImportProgress();
        progress.Enter(ImportPhase.Storing, 1000);
        progress.Stored(500);
        Assert.Equal(0.7 + 0.25 * 0.5, progress.Snapshot().Progress, 9);
        progress.Fail();
        var failed = progress.Snapshot();
        Assert.Equal(ImportPhase.Failed, failed.Phase);
        Assert.Equal(0.825, failed.Progress, 9);

        var other = new ImportProgress();
        other.Enter(ImportPhase.Reading, 100);
        other.Read(10, 50, 100);
        Assert.Equal(0.3, other.Snapshot().Progress, 9);
        other.Enter(ImportPhase.Reading, 100); // read again from the start (a second pass): the bar stays
        Assert.Equal(0.3, other.Snapshot().Progress, 9);
        other.Finish();
        Assert.Equal(1.0, other.Snapshot().Progress);
    }
}
