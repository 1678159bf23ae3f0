using DivideMapper.Core.Domain;
using DivideMapper.Formats.Import;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Tests;

internal static class ImportAssert
{
    public static ImportOutcome Read(string path, DatasetRole role, Func<ImportOptions, ImportOptions>? configure = null, string? name = null)
    {
        var options = new ImportOptions { Role = role };
        if (configure is not null) options = configure(options);
        return ImportPipeline.ReadAsync(path, name ?? Path.GetFileName(path), options).GetAwaiter().GetResult();
    }

    public static ImportOutcome Accepted(ImportOutcome outcome, int count, string geometryType)
    {
        Assert.True(outcome.Accepted, "expected accepted, got problems: " + string.Join(" | ", outcome.Report.Problems.Select(p => $"{p.Code}: {p.Message}")));
        Assert.Equal(count, outcome.Report.Imported);
        Assert.Equal(count, outcome.RoleRows.Count);
        Assert.Equal(geometryType, outcome.Report.GeometryType);
        return outcome;
    }

    public static ImportProblem Rejected(ImportOutcome outcome, string code)
    {
        Assert.False(outcome.Accepted, "expected a rejection with " + code);
        Assert.Empty(outcome.RoleRows);
        var problem = outcome.Report.Problems.FirstOrDefault(p => p.Code == code);
        Assert.True(problem is not null, $"expected problem {code}, got: " + string.Join(" | ", outcome.Report.Problems.Select(p => $"{p.Code}: {p.Message}")));
        return problem!;
    }

    public static void Near(double expected, double actual, double tolerance = 1e-6) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected} ± {tolerance}, got {actual}");

    public static void Near(Coordinate expected, Coordinate actual, double tolerance = 1e-6)
    {
        Near(expected.X, actual.X, tolerance);
        Near(expected.Y, actual.Y, tolerance);
    }
}
