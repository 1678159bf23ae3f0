using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DivideMapper.Formats.Import;

namespace DivideMapper.Web.Hosting;

/// <summary>
/// One upload imported in the background (<c>Prefer: respond-async</c>): who started it, what it imports, its
/// progress, and how it ended — the report the 201 would have carried, or the problem document the 4xx would have.
/// Lives in memory only (<see cref="ImportJobs"/>).
/// </summary>
public sealed class ImportJob
{
    private readonly Lock _gate = new();
    private JsonObject? _report;
    private string? _datasetUrl;
    private JsonObject? _problem;
    private DateTimeOffset? _finishedAt;

    public ImportJob(long ownerKeyId, string project, string role, string file, ImportProgress progress)
    {
        Id = NewId();
        OwnerKeyId = ownerKeyId;
        Project = project;
        Role = role;
        File = file;
        Progress = progress;
        StartedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>128 bits from the CSPRNG, base64url: the id is the capability to find the job, so it must not be guessable.</summary>
    public string Id { get; }

    /// <summary>The API key that started the import: it (or an admin) may read the job; anyone else gets 404.</summary>
    public long OwnerKeyId { get; }

    public string Project { get; }
    public string Role { get; }
    public string File { get; }
    public ImportProgress Progress { get; }
    public DateTimeOffset StartedAt { get; }
    public string Location => $"/api/imports/{Id}";

    public DateTimeOffset? FinishedAt
    {
        get { lock (_gate) return _finishedAt; }
    }

    public bool HasEnded => FinishedAt is not null;

    /// <summary>The import stored its dataset (or found the same bytes stored): the 201's body and the dataset's URL.</summary>
    public void Finish(JsonObject report, string datasetUrl)
    {
        lock (_gate)
        {
            _report = report;
            _datasetUrl = datasetUrl;
            _finishedAt = DateTimeOffset.UtcNow;
        }
        Progress.Finish();
    }

    /// <summary>The import stored nothing: the problem document a synchronous upload would have answered with.</summary>
    public void Fail(JsonObject problem)
    {
        lock (_gate)
        {
            _problem = problem;
            _finishedAt = DateTimeOffset.UtcNow;
        }
        Progress.Fail();
    }

    /// <summary>
    /// The job as GET /api/imports/{id} shows it. The status is the phase coarsened to the statuses a client waits on:
    /// queued, reading (reading and validating), storing, finished, failed. (No "receiving": the job exists from the 202
    /// on, which is sent once the upload has arrived; the client sees its upload's progress on its own side.)
    /// </summary>
    public JsonObject ToJson()
    {
        var figure = Progress.Snapshot();
        lock (_gate)
        {
            // The importer ends its progress figure a moment before the job has its outcome: until then the job is
            // still storing (or, for a file that was refused, still reading), so finished always comes with its report.
            var phase = (_report, _problem, figure.Phase) switch
            {
                ({ }, _, _) => "finished",
                (_, { }, _) => "failed",
                (_, _, ImportPhase.Finished) => "storing",
                (_, _, ImportPhase.Failed) => "validating",
                _ => figure.PhaseName,
            };
            var status = phase is "validating" ? "reading" : phase;
            var json = new JsonObject
            {
                ["id"] = Id,
                ["project"] = Project,
                ["role"] = Role,
                ["file"] = File,
                ["status"] = status,
                ["phase"] = phase,
                ["progress"] = _report is not null ? 1.0 : Math.Round(figure.Progress, 4),
                ["rowsRead"] = figure.RowsRead,
                ["rowsStored"] = figure.RowsStored,
                ["startedAt"] = StartedAt,
                ["finishedAt"] = _finishedAt,
            };
            if (_report is not null)
            {
                json["dataset"] = _datasetUrl;
                json["report"] = _report.DeepClone();
            }
            if (_problem is not null) json["problem"] = _problem.DeepClone();
            return json;
        }
    }

    private static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
