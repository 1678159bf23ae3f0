using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DivideMapper.Sample;
using DivideMapper.Formats.Gdal;
using DivideMapper.Formats.Writers;

namespace DivideMapper.Cli.Commands;

/// <summary>
/// <c>dm sample [--seed 42] [--size small|w1|w1x4|w2] --out DIR</c>: writes a synthetic city (the committed sample-data/ is
/// seed 42, small; W1 is the DESIGN §9 benchmark workload). Needs no database; the same seed and size give the same
/// files (facilities.gpkg needs gdal-bin).
/// </summary>
public static class SampleCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed and size give the same files.", DefaultValueFactory = _ => 42 };
        var size = new Option<string>("--size")
        {
            Description = $"{string.Join(" | ", SampleSize.Names)}: small is the committed sample, w1 the DESIGN §9 workload, w1x4 four times w1, w2 ten times w1.",
            DefaultValueFactory = _ => SampleSize.Small.Name,
        };
        var shapes = new Option<string>("--shapes")
        {
            Description = $"{string.Join(" | ", SampleShapeNames.All)}: organic outlines (the sample) or the irregular benchmark family (star settlements of 12–60 vertices, heavily overlapping 33-vertex coverage disks).",
            DefaultValueFactory = _ => SampleShapeNames.Name(SampleShapes.Organic),
        };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Directory to write into (created if missing; files replaced).", Required = true };
        var command = new Command("sample", "Write a synthetic sample city (settlements, coverage, sites, speeds, facilities).") { seed, size, shapes, output };
        command.SetAction(async (parse, ct) =>
        {
            var sizeText = parse.GetValue(size);
            if (!SampleSize.TryParse(sizeText, out var sampleSize))
            {
                CliOutput.Error($"--size '{sizeText}' is not a sample size; use one of: {string.Join(", ", SampleSize.Names)}.");
                return ExitCodes.Usage;
            }
            var shapesText = parse.GetValue(shapes);
            if (!SampleShapeNames.TryParse(shapesText, out var sampleShapes))
            {
                CliOutput.Error($"--shapes '{shapesText}' is not a shape family; use one of: {string.Join(", ", SampleShapeNames.All)}.");
                return ExitCodes.Usage;
            }
            var dir = parse.GetValue(output)!;
            var written = await WriteAsync(parse.GetValue(seed), sampleSize, dir.FullName, ct, sampleShapes);
            return written is null ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Generates and writes the city, printing one line per file; null (after an error line) when it could not be written.</summary>
    public static async Task<IReadOnlyList<string>?> WriteAsync(int seed, SampleSize size, string directory, CancellationToken ct,
        SampleShapes shapes = SampleShapes.Organic)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<string> written;
        try
        {
            written = await SampleCityWriter.WriteAsync(SampleCityGenerator.Generate(seed, size, shapes), directory, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or GdalException)
        {
            CliOutput.Error($"the sample city could not be written to {directory}: {e.Message}");
            return null;
        }
        foreach (var path in written)
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}  {new FileInfo(path).Length / 1024.0:0.0} kB"));
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Sample city seed {seed}, size {size.Name}{(shapes == SampleShapes.Organic ? "" : $", {SampleShapeNames.Name(shapes)} shapes")}: {written.Count} files in {clock.Elapsed.TotalSeconds:0.0} s."));
        return written;
    }
}
