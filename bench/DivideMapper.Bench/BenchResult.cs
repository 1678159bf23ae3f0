namespace DivideMapper.Bench;

/// <summary>Everything one <c>dm bench analysis</c> measured; written as JSON to bench/out/.</summary>
internal sealed record BenchResult(
    string Benchmark,
    string Size,
    string Shapes,
    int Seed,
    DateTimeOffset Date,
    MachineInfo Machine,
    string Database,
    WorkloadInfo Workload,
    IReadOnlyList<ImportTiming> Imports,
    CoreTimings Core,
    WholeCommandTimings WholeCommand,
    BaselineTimings Baselines,
    IReadOnlyList<RatioRow> Ratios,
    AreaCheck Areas,
    MedianCheck Medians,
    IReadOnlyList<string> Notes);

internal sealed record MachineInfo(string Cpu, int Cores, string LoadAverageBefore, string LoadAverageAfter, string Os, string Dotnet,
    string Postgres, string Postgis, string Geos, string? GeoPandas);

internal sealed record WorkloadInfo(string Directory, int Settlements, int Coverage, int Sites, int Measurements, int Facilities, int MetricSrid);

internal sealed record ImportTiming(string File, string Role, int Features, double Seconds);

/// <summary>Timed sample sets are in seconds; the median is what the ratios use.</summary>
internal sealed record Samples(IReadOnlyList<double> Runs)
{
    public double Median
    {
        get
        {
            var sorted = Runs.Order().ToArray();
            return sorted.Length == 0 ? double.NaN
                : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
                : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }
}

/// <param name="LoadGapLayers">ProjectDataLoader without measurements (what the gap analysis reads from PostGIS).</param>
/// <param name="LoadAll">ProjectDataLoader with the measurements.</param>
/// <param name="GapAnalysis">GapAnalyzer.Analyze without measurements: footprints and gaps for 2G…fixed, classes, scores, summary.</param>
/// <param name="FullAnalysis">GapAnalyzer.Analyze with the measurements.</param>
/// <param name="MedianStep">Derived: full − gap-only of each interleaved pair (the median is reported).</param>
/// <param name="GapAnalysisOneThread">As <paramref name="GapAnalysis"/> with MaxDegreeOfParallelism = 1.</param>
/// <param name="FullAnalysisOneThread">As <paramref name="FullAnalysis"/> with MaxDegreeOfParallelism = 1.</param>
/// <param name="MedianStepOneThread">As <paramref name="MedianStep"/> on one thread.</param>
/// <param name="EndToEndRun">One AnalysisRunner.RunAsync (load, analyse, store the run), untimed warm-up excluded.</param>
internal sealed record CoreTimings(double LoadGapLayers, double LoadAll, Samples GapAnalysis, Samples FullAnalysis, Samples MedianStep,
    Samples GapAnalysisOneThread, Samples FullAnalysisOneThread, Samples MedianStepOneThread, double EndToEndRun);

/// <param name="PostgisGap">gap_postgis.sql, sum of its \timing lines (projection, indexing, union/difference).</param>
/// <param name="PostgisMedians">medians_postgis.sql, sum of its \timing lines.</param>
/// <param name="GeoPandasTotal">gap_geopandas.py elapsed_s (reading the files included).</param>
/// <param name="GeoPandasAnalysis">gap_geopandas.py analysis_s (after reading and projecting).</param>
internal sealed record BaselineTimings(Samples PostgisGap, Samples PostgisGapWall, Samples PostgisMedians, Samples? GeoPandasTotal,
    Samples? GeoPandasAnalysis, string? GeoPandasSkipped);

/// <summary>ratio = DivideMapper seconds / baseline seconds; met when ratio ≤ target.</summary>
internal sealed record RatioRow(string What, string DivideMapper, double DivideMapperSeconds, string Baseline, double BaselineSeconds,
    double Ratio, double Target, bool Met);

/// <summary>Core's areas against bench_gap_postgis, every settlement × 2G…5G.</summary>
internal sealed record AreaCheck(int Rows, double MaxAreaRelative, double MaxGapOverArea, int RowsOverTolerance, double Tolerance);

/// <summary>Core's medians and sums against bench_medians_postgis.</summary>
internal sealed record MedianCheck(int Settlements, int Mismatches, IReadOnlyList<string> Examples);
