using System.Text.Json;
using System.Text.RegularExpressions;
using DivideMapper.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace DivideMapper.Data.Queries;

// The listings shown by both `./dm projects|datasets|runs` and the REST API, so the two never disagree.

public sealed record ProjectSummary(string Slug, string Name, int? MetricSrid, int MinDevices, int MinTests,
    string? Attribution, DateTimeOffset CreatedAt, int Datasets, int Runs, string Visibility);

public sealed record DatasetSummary(long Id, string Role, string Name, string SourceFile, string Sha256, string? SourceCrs,
    int Features, string? Period, string? Licence, DateTimeOffset CreatedAt, string? Network);

public sealed record RunSummaryRow(long Id, string ProfileId, string Status, string? Phase, double Progress, string? ErrorCode,
    string? Period, DateTimeOffset QueuedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string AppVersion, JsonDocument? Summary);

public static partial class Listings
{
    /// <summary>Project slugs: lower-case letters, digits and dashes, 1–64 long, starting with a letter or digit.</summary>
    public static bool IsValidSlug(string? slug) => slug is not null && SlugPattern().IsMatch(slug);

    // \z, not $: in .NET "$" also matches before a final "\n", so "sample\n" would pass as a slug.
    [GeneratedRegex(@"\A[a-z0-9][a-z0-9-]{0,63}\z")]
    private static partial Regex SlugPattern();

    /// <param name="includePrivate">False for readers without a viewer key: only public projects are listed.</param>
    public static Task<List<ProjectSummary>> ProjectsAsync(this DivideMapperDbContext db, CancellationToken ct = default,
        bool includePrivate = true) =>
        Summaries(db.Projects.Where(p => includePrivate || p.Visibility == Access.ProjectVisibility.Public).OrderBy(p => p.Slug)).ToListAsync(ct);

    /// <summary>One project's summary, or null.</summary>
    public static Task<ProjectSummary?> ProjectSummaryAsync(this DivideMapperDbContext db, string slug, CancellationToken ct = default) =>
        Summaries(db.Projects.Where(p => p.Slug == slug)).FirstOrDefaultAsync(ct);

    private static IQueryable<ProjectSummary> Summaries(IQueryable<Project> projects) =>
        projects.AsNoTracking().Select(p => new ProjectSummary(p.Slug, p.Name, p.MetricSrid, p.MinDevices, p.MinTests, p.Attribution,
            p.CreatedAt, p.Datasets.Count, p.Runs.Count, p.Visibility));

    public static Task<Project?> FindProjectAsync(this DivideMapperDbContext db, string slug, CancellationToken ct = default) =>
        db.Projects.FirstOrDefaultAsync(p => p.Slug == slug, ct);

    public static Task<List<DatasetSummary>> DatasetsAsync(this DivideMapperDbContext db, long projectId, CancellationToken ct = default) =>
        db.Datasets.AsNoTracking().Where(d => d.ProjectId == projectId).OrderBy(d => d.Id)
            .Select(d => new DatasetSummary(d.Id, d.Role, d.Name, d.SourceFile, d.Sha256, d.SourceCrs, d.FeatureCount, d.Period,
                d.Licence, d.CreatedAt, d.Network))
            .ToListAsync(ct);

    public static Task<List<RunSummaryRow>> RunsAsync(this DivideMapperDbContext db, long projectId, CancellationToken ct = default) =>
        db.Runs.AsNoTracking().Where(r => r.ProjectId == projectId).OrderBy(r => r.Id)
            .Select(r => new RunSummaryRow(r.Id, r.ProfileId, r.Status, r.Phase, r.Progress, r.ErrorCode, r.Period, r.QueuedAt, r.StartedAt,
                r.FinishedAt, r.AppVersion, r.Summary))
            .ToListAsync(ct);
}
