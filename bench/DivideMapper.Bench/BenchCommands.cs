using System.CommandLine;
using DivideMapper.Cli;
using DivideMapper.Sample;
using DivideMapper.Data;

namespace DivideMapper.Bench;

/// <summary>
/// The bench runner's commands. <c>dm bench analysis [--size w1] [--shapes organic|star] [--seed 42] [--repeat 3] [--keep]</c>: the DESIGN §9 analysis benchmarks, side by side
/// in one run (see bench/README.md). Uses a throwaway PostGIS cluster (always stopped) unless DIVIDEMAPPER_DB is set.
/// </summary>
public static class BenchCommands
{
    public static RootCommand Create()
    {
        var size = new Option<string>("--size")
        {
            Description = $"Workload: {string.Join(" | ", SampleSize.Names)} (generated into bench/out/SIZE when missing).",
            DefaultValueFactory = _ => SampleSize.W1.Name,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the workload.", DefaultValueFactory = _ => 42 };
        var repeat = new Option<int>("--repeat") { Description = "Timed runs per side after one untimed warm-up; the median is reported.", DefaultValueFactory = _ => 3 };
        var shapes = new Option<string>("--shapes")
        {
            Description = $"{string.Join(" | ", SampleShapeNames.All)}: the generator's outlines or the irregular family (star settlements, heavily overlapping disks).",
            DefaultValueFactory = _ => SampleShapeNames.Name(SampleShapes.Organic),
        };
        var keep = new Option<bool>("--keep")
        {
            Description = "Keep the stopped throwaway cluster's files (or, with DIVIDEMAPPER_DB, the bench project and baseline tables).",
        };
        var analysis = new Command("analysis", "Gap analysis (Core vs PostGIS SQL vs GeoPandas) and points → medians (Core vs PostGIS).")
        {
            size, seed, repeat, shapes, keep,
        };
        analysis.SetAction(async (parse, ct) =>
        {
            var sizeText = parse.GetValue(size);
            if (!SampleSize.TryParse(sizeText, out var sampleSize))
            {
                CliOutput.Error($"--size '{sizeText}' is not a sample size; use one of: {string.Join(", ", SampleSize.Names)}.");
                return ExitCodes.Usage;
            }
            int n = parse.GetValue(repeat);
            if (n < 1)
            {
                CliOutput.Error($"--repeat {n}: at least one timed run is needed.");
                return ExitCodes.Usage;
            }
            var shapesText = parse.GetValue(shapes);
            if (!SampleShapeNames.TryParse(shapesText, out var sampleShapes))
            {
                CliOutput.Error($"--shapes '{shapesText}' is not a shape family; use one of: {string.Join(", ", SampleShapeNames.All)}.");
                return ExitCodes.Usage;
            }
            var bench = Path.Combine(DivideMapperPaths.Home, "bench");
            var seedValue = parse.GetValue(seed);
            // The default workload lives in bench/out/<size>; another seed gets its own folder.
            var folder = sampleSize.Name + (sampleShapes == SampleShapes.Organic ? "" : "-" + SampleShapeNames.Name(sampleShapes))
                + (seedValue == 42 ? "" : $"-seed{seedValue}");
            var workload = Path.Combine(bench, "out", folder);
            var options = new BenchOptions(sampleSize, seedValue, n, parse.GetValue(keep), workload, bench, sampleShapes);

            var result = await AnalysisBenchmark.RunAsync(options, CliLogging.Logger, ct);
            BenchReport.Print(result, Console.Out);
            var path = BenchReport.Write(result, Path.Combine(bench, "out"));
            Console.Out.WriteLine($"results: {path}");
            return ExitCodes.Ok;
        });
        return new RootCommand("dm bench: benchmarks of DESIGN §9, as ratios against baselines measured in the same run.") { analysis, Tiles(size, seed, keep), Export(), WorldFile() };
    }

    /// <summary><c>dm bench tiles [--size w1] [--layer results] [--zoom 14] [--seconds 10] [--concurrency 16] [--keep]</c>.</summary>
    private static Command Tiles(Option<string> size, Option<int> seed, Option<bool> keep)
    {
        var layer = new Option<string>("--layer") { Description = "The catalogue layer whose tiles are timed.", DefaultValueFactory = _ => "results" };
        var zoom = new Option<int>("--zoom") { Description = "Zoom of the timed tiles.", DefaultValueFactory = _ => 14 };
        var seconds = new Option<double>("--seconds") { Description = "Length of the cached load, after one second of warm-up.", DefaultValueFactory = _ => 10 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight in the cached load.", DefaultValueFactory = _ => 16 };
        var tiles = new Command("tiles", "Uncached tile p50 against the bare ST_AsMVT SQL, and cached tiles per second on loopback.")
        {
            size, seed, keep, layer, zoom, seconds, concurrency,
        };
        tiles.SetAction(async (parse, ct) =>
        {
            var sizeText = parse.GetValue(size);
            if (!SampleSize.TryParse(sizeText, out var sampleSize))
            {
                CliOutput.Error($"--size '{sizeText}' is not a sample size; use one of: {string.Join(", ", SampleSize.Names)}.");
                return ExitCodes.Usage;
            }
            var layerText = parse.GetValue(layer)!;
            if (DivideMapper.Data.Layers.LayerCatalogue.Find(layerText) is null)
            {
                CliOutput.Error($"--layer '{layerText}' is not a layer; use one of: {string.Join(", ", DivideMapper.Data.Layers.LayerCatalogue.All.Select(l => l.Id))}.");
                return ExitCodes.Usage;
            }
            int z = parse.GetValue(zoom), inFlight = parse.GetValue(concurrency);
            double length = parse.GetValue(seconds);
            if (z is < 1 or > 22 || inFlight is < 1 or > 256 || length is <= 0 or > 120)
            {
                CliOutput.Error("--zoom must be 1–22, --concurrency 1–256 and --seconds above 0 and at most 120.");
                return ExitCodes.Usage;
            }
            var bench = Path.Combine(DivideMapperPaths.Home, "bench");
            var seedValue = parse.GetValue(seed);
            var workload = Path.Combine(bench, "out", sampleSize.Name + (seedValue == 42 ? "" : $"-seed{seedValue}"));
            var options = new TileBenchOptions(new BenchOptions(sampleSize, seedValue, 1, parse.GetValue(keep), workload, bench), layerText, z, length, inFlight);
            var result = await TileBenchmark.RunAsync(options, CliLogging.Logger, ct);
            TileBenchReport.Print(result, Console.Out);
            Console.Out.WriteLine($"results: {TileBenchReport.Write(result, Path.Combine(bench, "out"))}");
            return ExitCodes.Ok;
        });
        return tiles;
    }

    /// <summary>
    /// <c>dm bench world-file --city CSV --out DIR [--tiles 4000000] [--row-group 1048576] [--seed 42] [--shuffled]</c>: the world-wide
    /// Ookla-like file of bench/world.sh (<see cref="WorldTilesFile"/>), as DIR/NAME.parquet and DIR/NAME.csv.
    /// </summary>
    private static Command WorldFile()
    {
        var tiles = new Option<int>("--tiles") { Description = "World tiles besides the city's.", DefaultValueFactory = _ => 4_000_000 };
        var city = new Option<string>("--city") { Description = "The city's Ookla tiles (speed_tiles_*.csv of dm sample).", Required = true };
        var rowGroup = new Option<int>("--row-group") { Description = "Rows per Parquet row group.", DefaultValueFactory = _ => 1_048_576 };
        var seed = new Option<int>("--seed") { Description = "Seed of the world tiles.", DefaultValueFactory = _ => 42 };
        var outDir = new Option<string>("--out") { Description = "Folder of the two files.", Required = true };
        var name = new Option<string>("--name") { Description = "File name without extension.", DefaultValueFactory = _ => "2024-07-01_performance_mobile_tiles" };
        var shuffled = new Option<bool>("--shuffled") { Description = "Rows in random order instead of Ookla's ascending quadkeys (every row group then spans the world)." };
        var command = new Command("world-file", "Writes a world-wide Ookla-like Parquet of mobile tiles (and the same rows as CSV) around one city's tiles.")
        {
            tiles, city, rowGroup, seed, outDir, name, shuffled,
        };
        command.SetAction(async (parse, ct) =>
        {
            int n = parse.GetValue(tiles), group = parse.GetValue(rowGroup);
            if (n < 0 || group < 1)
            {
                CliOutput.Error("--tiles must be 0 or more and --row-group at least 1.");
                return ExitCodes.Usage;
            }
            var dir = Directory.CreateDirectory(parse.GetValue(outDir)!).FullName;
            var file = Path.Combine(dir, parse.GetValue(name)!);
            var rows = await WorldTilesFile.WriteAsync(n, parse.GetValue(city)!, group, parse.GetValue(seed), parse.GetValue(shuffled), file + ".parquet", file + ".csv", ct);
            Console.Out.WriteLine($"{rows} rows: {file}.parquet, {file}.csv");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>dm bench export [--repeat 5] [--keep]</c>.</summary>
    private static Command Export()
    {
        var repeat = new Option<int>("--repeat") { Description = "Timed runs per side after one untimed warm-up; the median is reported.", DefaultValueFactory = _ => 5 };
        var keep = new Option<bool>("--keep") { Description = "Keep the stopped throwaway cluster's files." };
        var export = new Command("export", "GeoJSON export of W1 (2,000) and W2 (20,000) polygons: dm export vs a SQL json_agg export, time and peak memory.")
        {
            repeat, keep,
        };
        export.SetAction(async (parse, ct) =>
            await ExportBenchmark.RunAsync(Math.Max(1, parse.GetValue(repeat)), parse.GetValue(keep), CliLogging.Logger, Console.Out, ct));
        return export;
    }
}
