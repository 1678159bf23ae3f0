using DivideMapper.Core.Comparison;
using DivideMapper.Data.Queries;

namespace DivideMapper.Data.Runs;

/// <summary>Why two runs could not be compared, for the CLI's exit code and the API's status.</summary>
public enum ComparisonRefusal { None, UnknownRun, DifferentProjects }

/// <summary>The comparison, or why there is none (with the message to show).</summary>
public sealed record ComparisonOutcome(RunComparison? Comparison, ComparisonRefusal Refusal, string? Message);

/// <summary>Compares two stored runs of one project: the one path behind `dm compare` and GET /api/runs/{id}/compare.</summary>
public static class RunComparisons
{
    public static async Task<ComparisonOutcome> CompareAsync(DivideMapperDbContext db, long baseId, long runId, CancellationToken ct = default)
    {
        var baseline = await db.RunAsync(baseId, ct);
        var current = await db.RunAsync(runId, ct);
        if (baseline is null || current is null)
            return new(null, ComparisonRefusal.UnknownRun, $"There is no run {(baseline is null ? baseId : runId)}.");
        if (baseline.Project != current.Project)
            return new(null, ComparisonRefusal.DifferentProjects,
                $"Run {baseId} belongs to '{baseline.Project}' and run {runId} to '{current.Project}'; compare runs of one project.");
        var comparison = RunComparer.Compare(
            (await db.ResultsAsync(baseId, ct: ct)).Select(StoredRows.ToCore).ToList(),
            (await db.ResultsAsync(runId, ct: ct)).Select(StoredRows.ToCore).ToList());
        return new(comparison, ComparisonRefusal.None, null);
    }
}
