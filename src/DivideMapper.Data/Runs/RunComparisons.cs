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
        foreach (var run in new[] { baseline, current })
            if (run.Status != Model.RunStatuses.Finished)
                return new Refusal(ErrorCodes.RunNotFinished, $"Run {run.Id} is {run.Status}; only finished runs have results to compare.");
        if (baseline.Project != current.Project)
            return new Refusal(ErrorCodes.InvalidParameter,
                $"Run {baseId} belongs to '{baseline.Project}' and run {runId} to '{current.Project}'; compare runs of one project.");
        var comparison = RunComparer.Compare(
            (await db.ResultsAsync(baseId, ct: ct)).Select(StoredRows.ToCore).ToList(),
            (await db.ResultsAsync(runId, ct: ct)).Select(StoredRows.ToCore).ToList(),
            Identity(baseline), Identity(current));
        return comparison;
    }

    /// <summary>What makes the run comparable, from its profile snapshot and the parameters in its summary.</summary>
    private static RunIdentity Identity(RunDetail run)
    {
        var profile = run.Profile.RootElement;
        int version = profile.TryGetProperty("version", out var v) && v.TryGetInt32(out var n) ? n : 0;
        System.Text.Json.JsonElement parameters = default;
        bool has = run.Summary?.RootElement.TryGetProperty("parameters", out parameters) == true;
        string? Text(string name) => has && parameters.TryGetProperty(name, out var e) && e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString() : null;
        int Floor(string name) => has && parameters.TryGetProperty("privacyFloor", out var f) && f.TryGetProperty(name, out var e) && e.TryGetInt32(out var x) ? x : -1;
        return new RunIdentity(run.ProfileId, version, Text("methodVersion"), Floor("minDevices"), Floor("minTests"), run.Period, Text("network"));
    }
}
