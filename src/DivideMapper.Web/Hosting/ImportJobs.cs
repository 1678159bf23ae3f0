using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace DivideMapper.Web.Hosting;

/// <summary>
/// The import jobs of this server process (<c>POST …/datasets</c> with <c>Prefer: respond-async</c>). They live in
/// memory only, unlike runs (rows of the run table): an import is all or nothing in one transaction, so a job lost
/// with its process left nothing behind, and its result is the dataset, which is in the database. A job that has
/// ended is kept <see cref="ImportSettings.JobRetentionMinutes"/> (default 60) for its client to collect, and at most
/// <see cref="ImportSettings.MaxKeptJobs"/> jobs are kept (the oldest ended ones go first). Running jobs hold an
/// <see cref="ImportGate"/> slot, so they are never more than the gate allows. On shutdown every running import is
/// cancelled (its transaction rolls back) and awaited.
/// </summary>
public sealed class ImportJobs(IOptions<ImportSettings> settings, ILogger<ImportJobs> log) : IHostedService
{
    private readonly ConcurrentDictionary<string, ImportJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ImportJob, Task> _running = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the server shuts down: the token every background import runs under.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>The job with this id, if it is still kept.</summary>
    public ImportJob? Find(string id)
    {
        Prune();
        return _jobs.TryGetValue(id, out var job) ? job : null;
    }

    /// <summary>Registers <paramref name="job"/> and runs <paramref name="work"/> for it in the background.</summary>
    public void Start(ImportJob job, Func<CancellationToken, Task> work)
    {
        Prune();
        _jobs[job.Id] = job;
        var task = Task.Run(() => work(_stopping.Token));
        _running[job] = task;
        task.ContinueWith(_ => _running.TryRemove(job, out Task? _), TaskScheduler.Default);
    }

    /// <summary>Drops ended jobs older than the retention, then the oldest ended ones while more than the cap are kept.</summary>
    private void Prune()
    {
        var retention = TimeSpan.FromMinutes(settings.Value.JobRetentionMinutes);
        var now = DateTimeOffset.UtcNow;
        foreach (var (id, job) in _jobs)
            if (job.FinishedAt is { } ended && now - ended > retention) _jobs.TryRemove(id, out _);
        var over = _jobs.Count - settings.Value.MaxKeptJobs + 1; // room for one more
        if (over <= 0) return;
        foreach (var job in _jobs.Values.Where(j => j.HasEnded).OrderBy(j => j.FinishedAt).Take(over).ToList())
            _jobs.TryRemove(job.Id, out _);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        var running = _running.Values.ToArray();
        if (running.Length == 0) return;
        log.LogInformation("Shutting down: cancelling {Count} running import(s); nothing of them is stored", running.Length);
        await Task.WhenAll(running).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
