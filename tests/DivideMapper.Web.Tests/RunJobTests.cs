using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using DivideMapper.Core.Analysis;
using DivideMapper.Data.Access;
using DivideMapper.Data.Runs;
using DivideMapper.Data.Storage;
using DivideMapper.Testing;
using DivideMapper.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DivideMapper.Web.Tests;

/// <summary>
/// Runs are jobs (DESIGN §8): queued → running (phase, progress) → finished | failed (error code), cancellable,
/// executed by the server's worker one project at a time; results only for finished runs.
/// </summary>
public sealed class RunJobTests(DivideMapperWebFactory factory) : IClassFixture<DivideMapperWebFactory>
{
    private sealed class Recorder : IProgress<RunProgress>
    {
        public ConcurrentQueue<RunProgress> Seen { get; } = new();
        public void Report(RunProgress value) => Seen.Enqueue(value);
    }

    [Fact]
    public async Task AnInProcessRunReportsEveryPhaseInOrderWithProgressRisingToOne()
    {
        await using var database = new PostgisDatabase();
        await database.InitializeAsync();
        await SampleProject.ImportAsync(database, "phases");
        await using var dataSource = database.CreateDataSource();
        var recorder = new Recorder();

        var run = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest("phases"), "test", recorder)).OrThrow();

        var seen = recorder.Seen.ToList();
        Assert.Equal(AnalysisPhases.All, seen.Select(p => p.Phase).Distinct());
        Assert.Equal(seen.Select(p => p.Progress).Order(), seen.Select(p => p.Progress));
        Assert.Equal(1, seen[^1].Progress);
        Assert.Equal(1.0, await database.ScalarAsync<double>($"SELECT progress FROM run WHERE id = {run.RunId}"));
    }

    [Fact]
    public async Task AQueuedRunIsClaimedRunAndFinishedWithItsInputsRecorded()
    {
        await using var database = new PostgisDatabase();
        await database.InitializeAsync();
        await SampleProject.ImportAsync(database, "queue");
        await using var dataSource = database.CreateDataSource();

        var id = (await AnalysisRunner.EnqueueAsync(dataSource, new AnalysisRequest("queue", "giga-20"), "test")).OrThrow().RunId;
        Assert.Equal("queued 0 true", await database.ScalarAsync<string>(
            $"SELECT status || ' ' || progress || ' ' || (started_at IS NULL AND metric_srid IS NULL) FROM run WHERE id = {id}"));

        var executed = await RunQueue.RunNextAsync(dataSource, CancellationToken.None);
        Assert.Equal(new ExecutedRun(id, "finished"), executed);
        Assert.Equal("finished 1 32737 8 false", await database.ScalarAsync<string>(
            $"SELECT status || ' ' || progress || ' ' || metric_srid || ' ' || cardinality(dataset_ids) || ' ' || (started_at IS NULL) FROM run WHERE id = {id}"));
        Assert.Equal(25L, await database.ScalarAsync<long>($"SELECT count(*) FROM settlement_result WHERE run_id = {id}"));
        Assert.Null(await RunQueue.RunNextAsync(dataSource, CancellationToken.None)); // the queue is empty
    }

    [Fact]
    public async Task ACancelAskedForWhileRunningStopsTheRunAtItsNextCheckpointWithNothingStored()
    {
        await using var database = new PostgisDatabase();
        await database.InitializeAsync();
        await SampleProject.ImportAsync(database, "cancel-running");
        await using var dataSource = database.CreateDataSource();
        var projectId = await database.ScalarAsync<long>("SELECT id FROM project WHERE slug = 'cancel-running'");
        var id = (await AnalysisRunner.EnqueueAsync(dataSource, new AnalysisRequest("cancel-running"), "test")).OrThrow().RunId;

        await using (var runLock = await ProjectRunLock.TryAcquireAsync(dataSource, projectId))
        {
            var claimed = await RunStore.ClaimNextAsync(dataSource, projectId);
            Assert.Equal(id, claimed!.RunId);
            Assert.Equal(CancelOutcome.Requested, await RunStore.CancelAsync(dataSource, id));
            Assert.Equal("failed", await AnalysisRunner.ExecuteAsync(dataSource, claimed, CancellationToken.None));
        }
        Assert.Equal("failed cancelled", await database.ScalarAsync<string>($"SELECT status || ' ' || error_code FROM run WHERE id = {id}"));
        Assert.Equal(0L, await database.ScalarAsync<long>($"SELECT count(*) FROM settlement_result WHERE run_id = {id}"));
        Assert.Equal(0L, await database.ScalarAsync<long>($"SELECT count(*) FROM gap_area WHERE run_id = {id}"));
        Assert.Equal(CancelOutcome.AlreadyEnded, await RunStore.CancelAsync(dataSource, id));
    }

    [Fact]
    public async Task ThroughTheApiARunIsQueuedThen409ForResultsThenFinishedWithRisingProgress()
    {
        await SampleProject.ImportAsync(factory.Database, "jobs-api");
        var projectId = await factory.Database.ScalarAsync<long>("SELECT id FROM project WHERE slug = 'jobs-api'");
        var client = factory.CreateClient(AccessRole.Analyst);
        await using var dataSource = factory.Database.CreateDataSource();
        var observed = new List<(string Status, double Progress)>();
        string location;
        await using (var held = await ProjectRunLock.TryAcquireAsync(dataSource, projectId)) // a dm analyze of the project
        {
            var response = await RunApi.PostAsync(client, "jobs-api", new { profile = "giga-20" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            location = response.Headers.Location!.ToString();
            Assert.Matches(@"^/api/runs/\d+$", location);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("queued", body.RootElement.GetProperty("status").GetString());
            Assert.Equal(0, body.RootElement.GetProperty("progress").GetDouble());
            Assert.Equal(location, $"/api/runs/{body.RootElement.GetProperty("id").GetInt64()}");

            foreach (var results in new[] { "/settlements", "/gaps", "/settlements?f=geojson", $"/compare?base={location[10..]}", "/export", "/export?format=gpkg" })
            {
                var refused = await client.GetAsync(location + results);
                Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
                using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
                Assert.Equal("run-not-finished", problem.RootElement.GetProperty("code").GetString());
            }
            // Prefer: wait on a run that cannot start in time: still 202.
            var waited = await RunApi.PostAsync(client, "jobs-api", new { }, waitSeconds: 1);
            Assert.Equal(HttpStatusCode.Accepted, waited.StatusCode);
            observed.Add(("queued", 0));
        }
        var deadline = DateTime.UtcNow + RunApi.Timeout;
        while (observed[^1].Status is not ("finished" or "failed") && DateTime.UtcNow < deadline)
        {
            using var run = JsonDocument.Parse(await client.GetStringAsync(location));
            observed.Add((run.RootElement.GetProperty("status").GetString()!, run.RootElement.GetProperty("progress").GetDouble()));
        }
        Assert.Equal(("finished", 1.0), observed[^1]);
        Assert.Equal(observed.Select(o => o.Progress).Order(), observed.Select(o => o.Progress));
        var statuses = observed.Select(o => o.Status).Distinct().ToList();
        Assert.Equal(statuses.OrderBy(s => Array.IndexOf(["queued", "running", "finished"], s)), statuses);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(location + "/settlements")).StatusCode);

        // Cancelling what has ended is a conflict; an unknown run is 404.
        var late = await client.PostAsync(location + "/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("run-ended", await late.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/runs/987654321/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task AQueuedRunIsCancelledAtOnceAndNeverRuns()
    {
        await SampleProject.ImportAsync(factory.Database, "jobs-cancel");
        var projectId = await factory.Database.ScalarAsync<long>("SELECT id FROM project WHERE slug = 'jobs-cancel'");
        var client = factory.CreateClient(AccessRole.Analyst);
        await using var dataSource = factory.Database.CreateDataSource();
        string location;
        await using (var held = await ProjectRunLock.TryAcquireAsync(dataSource, projectId))
        {
            location = (await RunApi.PostAsync(client, "jobs-cancel", new { })).Headers.Location!.ToString();
            var cancelled = await client.PostAsync(location + "/cancel", null);
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
            using var body = JsonDocument.Parse(await cancelled.Content.ReadAsStringAsync());
            Assert.Equal("failed", body.RootElement.GetProperty("status").GetString());
            Assert.Equal("cancelled", body.RootElement.GetProperty("errorCode").GetString());
        }
        await Task.Delay(RunWorker.PollInterval * 1.5); // the worker had its chance
        using var after = JsonDocument.Parse(await client.GetStringAsync(location));
        Assert.Equal("cancelled", after.RootElement.GetProperty("errorCode").GetString());
        Assert.Equal(JsonValueKind.Null, after.RootElement.GetProperty("startedAt").ValueKind);
        Assert.Equal(1L, await factory.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit WHERE action = 'run.cancel' AND outcome = 200"));
    }

    [Fact]
    public async Task ARunLeftRunningByAKilledServerIsFailedAsInterruptedWhenTheServerStarts()
    {
        await using var database = new PostgisDatabase();
        await database.InitializeAsync();
        await SampleProject.ImportAsync(database, "killed");
        await using var dataSource = database.CreateDataSource();
        // What a server killed mid-run leaves: a claimed, 'running' row and no lock (its session died with it).
        var id = (await AnalysisRunner.EnqueueAsync(dataSource, new AnalysisRequest("killed"), "test")).OrThrow().RunId;
        await database.ScalarAsync<int>($"UPDATE run SET status = 'running', phase = 'overlay', progress = 0.5, started_at = now() WHERE id = {id} RETURNING 1");

        await using var server = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Database:ConnectionString", database.ConnectionString);
            b.UseSetting("Access:BootstrapAdminKey", "false");
        });
        _ = server.CreateClient(); // start it

        Assert.Equal("failed interrupted", await database.ScalarAsync<string>($"SELECT status || ' ' || error_code FROM run WHERE id = {id}"));
    }
}
