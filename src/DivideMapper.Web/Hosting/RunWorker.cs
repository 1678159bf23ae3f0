using DivideMapper.Data;
using DivideMapper.Data.Runs;
using Npgsql;

namespace DivideMapper.Web.Hosting;

/// <summary>Wakes the run worker when this process queues a run (runs queued by other processes are found by polling).</summary>
public sealed class RunSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        // At most one pending wake-up: the worker drains the whole queue each time it wakes.
        try { _signal.Release(); } catch (SemaphoreFullException) { }
    }

    /// <summary>Waits for a notification or the poll interval, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan poll, CancellationToken ct) => _signal.WaitAsync(poll, ct);
}

/// <summary>
/// One worker per process executes queued runs (DESIGN §8), one at a time; runs of one project are serialised by
/// the project's run lock across processes and with `dm analyze`. It starts even when the database is down and
/// survives database errors: it logs, backs off (1 s doubling to 1 min) and tries again; after each outage it first
/// fails the runs left 'running' by whoever lost their connection (interrupted).
/// </summary>
public sealed class RunWorker(IServiceProvider services, RunSignal signal, ILogger<RunWorker> log) : BackgroundService
{
    /// <summary>How often the queue is looked at without a wake-up (runs queued by another process).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (services.GetService<NpgsqlDataSource>() is not { } dataSource)
        {
            log.LogWarning("No database is configured: queued runs will not be executed by this process");
            return;
        }
        await Task.Yield(); // never hold up the host's start
        var backoff = TimeSpan.FromSeconds(1);
        var recovered = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (!recovered)
                {
                    if (await ProjectRunLock.FailInterruptedRunsAsync(dataSource, stopping) is > 0 and var interrupted)
                        log.LogWarning("Marked {Count} interrupted run(s) as failed", interrupted);
                    recovered = true;
                }
                if (await RunQueue.RunNextAsync(dataSource, stopping) is { } run)
                    log.LogInformation("Run {RunId} {Status}", run.RunId, run.Status);
                else
                    await signal.WaitAsync(PollInterval, stopping);
                backoff = TimeSpan.FromSeconds(1);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database went away (or a bug): keep the process and its other routes alive, try again later.
                log.LogError(e, "The run worker failed; retrying in {Seconds} s", backoff.TotalSeconds);
                recovered = false;
                try { await Task.Delay(backoff, stopping); }
                catch (OperationCanceledException) { return; }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }
}
