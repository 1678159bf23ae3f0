using DivideMapper.Core.Domain;
using DivideMapper.Data.Access;
using DivideMapper.Data.Storage;
using DivideMapper.Formats.Import;
using Npgsql;

namespace DivideMapper.Testing;

/// <summary>Imports the committed sample city (sample-data/load.txt, every line) into a project, for Data and Web tests.</summary>
public static class SampleCityImport
{
    public static async Task ImportAsync(NpgsqlDataSource dataSource, string slug, string visibility = ProjectVisibility.Public)
    {
        foreach (var line in File.ReadAllLines(Path.Combine(RepoPaths.Root, "sample-data", "load.txt")))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || parts[0].StartsWith('#')) continue;
            DatasetRoles.TryParse(parts[0], out var role);
            string? Option(string name) => Array.IndexOf(parts, name) is var i and > 1 && i + 1 < parts.Length ? parts[i + 1] : null;
            Network? network = Networks.TryParse(Option("--network"), out var n) ? n : null;
            var path = Path.Combine(RepoPaths.Root, "sample-data", parts[1]);
            var result = await DatasetImporter.ImportAsync(dataSource,
                new ImportRequest(path, parts[1], slug, new ImportOptions { Role = role, Period = Option("--period"), Network = network },
                    Licence: Option("--licence")));
            if (!result.Accepted) throw new InvalidOperationException($"Sample file {parts[1]} was rejected: {result.Report.ToJson()}");
        }
        await ProjectAccessQueries.SetVisibilityAsync(dataSource, slug, visibility);
    }
}
