using DivideMapper.Core.Domain;
using DivideMapper.Data.Access;
using DivideMapper.Data.Runs;
using DivideMapper.Data.Storage;
using DivideMapper.Formats.Import;

namespace DivideMapper.Web.Tests.Exports;

/// <summary>
/// The app with three projects: the public sample city analysed with giga-20 for 2024Q3 (mobile tests, so some rows
/// publish medians and some are withheld), the same city with a privacy floor nobody reaches, and a hostile town whose
/// settlement names are spreadsheet formulas and whose Ookla tiles were imported without a licence.
/// </summary>
public sealed class ExportFixture : IAsyncLifetime
{
    public const string Sample = "export-sample";
    public const string Strict = "export-strict";
    public const string Hostile = "export-hostile";
    public const string FormulaName = "=HYPERLINK(\"http://example.invalid/x\",\"click\")";

    public DivideMapperWebFactory Factory { get; } = new();
    public long SampleRun { get; private set; }
    public long StrictRun { get; private set; }
    public long HostileRun { get; private set; }

    public async Task InitializeAsync()
    {
        await Factory.InitializeAsync();
        await SampleProject.ImportAsync(Factory.Database, Sample);
        await SampleProject.ImportAsync(Factory.Database, Strict);
        await using var dataSource = Factory.Database.CreateDataSource();
        SampleRun = await RunAsync(dataSource, Sample);
        // A floor above every settlement's evidence: every median and count must be withheld on every surface.
        await Factory.Database.ExecuteAsync($"UPDATE project SET min_tests = 1000000000 WHERE slug = '{Strict}'");
        StrictRun = await RunAsync(dataSource, Strict);

        using var dir = new TempDir();
        var settlements = dir.File("hostile.geojson");
        await File.WriteAllTextAsync(settlements, $$$"""
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"name":{{{System.Text.Json.JsonSerializer.Serialize(FormulaName)}}},"kind":"informal","population":1200},
               "geometry":{"type":"Polygon","coordinates":[[[36.815,-1.292],[36.815,-1.288],[36.819,-1.288],[36.819,-1.292],[36.815,-1.292]]]}},
              {"type":"Feature","properties":{"name":"@SUM(A1:A9)","kind":"formal","population":800},
               "geometry":{"type":"Polygon","coordinates":[[[36.820,-1.292],[36.824,-1.292],[36.824,-1.288],[36.820,-1.288],[36.820,-1.292]]]}}
            ]}
            """);
        await ImportAsync(dataSource, settlements, "hostile.geojson", DatasetRole.Settlements);
        // Ookla-shaped tiles without --licence: recorded under Ookla's CC BY-NC-SA terms, which every export must carry.
        await ImportAsync(dataSource, Path.Combine(RepoPaths.Root, "sample-data", "speed_tiles_2024q3.csv"), "speed_tiles_2024q3.csv",
            DatasetRole.Measurements, "2024Q3");
        await ProjectAccessQueries.SetVisibilityAsync(dataSource, Hostile, ProjectVisibility.Public);
        HostileRun = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest(Hostile, "giga-20"), "test")).OrThrow().RunId;
    }

    private static async Task<long> RunAsync(Npgsql.NpgsqlDataSource dataSource, string slug) =>
        (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest(slug, "giga-20", Period: "2024Q3"), "test")).OrThrow().RunId;

    private static async Task ImportAsync(Npgsql.NpgsqlDataSource dataSource, string path, string name, DatasetRole role, string? period = null)
    {
        var result = await DatasetImporter.ImportAsync(dataSource, new ImportRequest(path, name, Hostile,
            new ImportOptions { Role = role, Period = period, Network = role == DatasetRole.Measurements ? Network.Mobile : null, NoClip = true }));
        Assert.True(result.Accepted, result.Report.ToJson());
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)Factory).DisposeAsync();
}
