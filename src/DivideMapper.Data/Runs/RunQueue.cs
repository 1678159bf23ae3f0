using DivideMapper.Data.Storage;
using Npgsql;

namespace DivideMapper.Data.Runs;

/// <summary>A queued run taken and executed: its id and how it ended (finished | failed).</summary>
public sealed record ExecutedRun(long RunId, string Status);

/// <summary>
/// The run queue is the run table itself (status 'queued', oldest first). A worker takes the next run of a project
/// whose run lock it can get (<see cref="ProjectRunLock"/>: runs of one project never overlap, across processes and
/// with `dm analyze`), and other projects' runs go on in other processes meanwhile.
/// </summary>
public static class RunQueue
{
    /// <summary>Executes the oldest queued run it can lock; null when there is nothing to do (or every queued project is busy).</summary>
    public static async Task<ExecutedRun?> RunNextAsync(NpgsqlDataSource dataSource, CancellationToken stopping)
    {
        foreach (var projectId in await RunStore.ProjectsWithQueuedRunsAsync(dataSource, stopping))
        {
            await using var runLock = await ProjectRunLock.TryAcquireAsync(dataSource, projectId, stopping);
            if (runLock is null) continue; // another process (or dm analyze) is running this project's run
            await runLock.FailInterruptedRunsAsync(projectId, stopping);
            if (await RunStore.ClaimNextAsync(dataSource, projectId, stopping) is not { } run) continue;
            return new ExecutedRun(run.RunId, await AnalysisRunner.ExecuteAsync(dataSource, run, stopping));
        }
        return null;
    }
}
