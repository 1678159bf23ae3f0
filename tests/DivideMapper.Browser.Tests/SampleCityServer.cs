using DivideMapper.Data.Access;
using System.Net.Http.Json;
using DivideMapper.Core.Domain;
using DivideMapper.Data.Runs;
using DivideMapper.Data.Storage;
using DivideMapper.Formats.Import;
using DivideMapper.Testing;

namespace DivideMapper.Browser.Tests;

/// <summary>
/// The app with the committed sample city imported as ./run.sh does (sample-data/load.txt) into project "sample",
/// and three runs: the default profile (it judges fixed tests, which the sample has none of) on the latest period,
/// then giga-20 (mobile tests) on 2024Q1 and 2024Q3, so the latest run is giga-20 2024Q3 and its default baseline
/// 2024Q1, as scripts/load-sample.sh leaves it. A second project, "empty-town", has no runs and sorts before "sample".
/// </summary>
public sealed class SampleCityServer : LiveServer
{
    public const string Project = "sample";
    public const string EmptyProject = "empty-town";

    /// <summary>The profile of the Q1 and Q3 runs: it judges mobile tests, the sample's.</summary>
    public const string MobileProfile = "giga-20";

    public long DefaultProfileRunId { get; private set; }
    public long Q1RunId { get; private set; }
    public long Q3RunId { get; private set; }

    protected override async Task SeedAsync()
    {
        await using var dataSource = Database.CreateDataSource();
        await SampleCityImport.ImportAsync(dataSource, Project); // as ./run.sh loads it; the sample city is public (DESIGN §4)
        DefaultProfileRunId = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest(Project), "test")).OrThrow().RunId;
        Q1RunId = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest(Project, MobileProfile, Period: "2024Q1"), "test")).OrThrow().RunId;
        Q3RunId = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest(Project, MobileProfile, Period: "2024Q3"), "test")).OrThrow().RunId;
    }

    protected override async Task AfterStartAsync()
    {
        using var admin = AdminHttp();
        var created = await admin.PostAsJsonAsync("/api/projects", new { slug = EmptyProject, name = "Empty town", visibility = "public" });
        created.EnsureSuccessStatusCode();
    }
}
