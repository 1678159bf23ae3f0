using DivideMapper.Core.Comparison;
using DivideMapper.Core.Outcomes;
using DivideMapper.Data.Queries;

namespace DivideMapper.Data.Runs;

/// <summary>
/// Compares two stored runs of one project: the one path behind `dm compare` and GET /api/runs/{id}/compare.
/// An unknown run (<see cref="ErrorCodes.UnknownRun"/>) or runs of two projects (<see cref="ErrorCodes.InvalidParameter"/>)
/// are refusals.
/// </summary>
public static class RunComparisons
{
    public static async Task<Outcome<RunComparison>> CompareAsync(DivideMapperDbContext db, long baseId, long runId, CancellationToken ct = default)
    {
        var baseline = await db.RunAsync(baseId, ct);
        var current = await db.RunAsync(runId, ct);
        if (baseline is null || current is null) return Refusal.UnknownRun(baseline is null ? baseId : runId);
        if (baseline.Project != current.Project)
            return new Refusal(ErrorCodes.InvalidParameter,
                $"Run {baseId} belongs to '{baseline.Project}' and run {runId} to '{current.Project}'; compare runs of one project.");
        var comparison = RunComparer.Compare(
            (await db.ResultsAsync(baseId, ct: ct)).Select(StoredRows.ToCore).ToList(),
            (await db.ResultsAsync(runId, ct: ct)).Select(StoredRows.ToCore).ToList());
        return comparison;
    }
}
