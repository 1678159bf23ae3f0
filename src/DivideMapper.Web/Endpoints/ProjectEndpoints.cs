using System.Security.Claims;
using DivideMapper.Core.Outcomes;
using DivideMapper.Core.Analysis;
using DivideMapper.Data;
using DivideMapper.Data.Access;
using DivideMapper.Data.Model;
using DivideMapper.Data.Queries;
using DivideMapper.Data.Storage;
using DivideMapper.Web.Access;
using DivideMapper.Web.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DivideMapper.Web.Endpoints;

public static class ProjectEndpoints
{
    public sealed record CreateProject(string Slug, string? Name, int? MinDevices, int? MinTests, string? Attribution, string? Visibility);

    public sealed record UpdateProject(string? Visibility);

    public static IEndpointRouteBuilder MapProjectEndpoints(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/projects").WithTags("Projects");
        projects.MapGet("/", ListProjects).WithSummary("All projects the caller may read (anonymous: public ones), with dataset and run counts.");
        projects.MapPost("/", CreateProjectAsync).RequireAnalyst().Audited("project.create")
            .WithSummary("Create a project (analyst; projects are also created on first import). visibility: private (default) or public.");
        projects.MapGet("/{slug}", GetProject).RequireProjectRead().WithSummary("One project.");
        projects.MapPatch("/{slug}", UpdateProjectAsync).RequireAdmin().Audited("project.update")
            .WithSummary("Change a project's visibility (admin): public (anonymous readers see its results) or private.");
        projects.MapDelete("/{slug}", DeleteProjectAsync).RequireAdmin().Audited("project.delete")
            .WithSummary("Delete a project with all its datasets and runs (admin). 409 while one of its runs is running.");
        projects.MapGet("/{slug}/datasets", ListDatasets).RequireProjectRead().WithSummary("The datasets imported into a project.");
        projects.MapGet("/{slug}/runs", ListRuns).RequireProjectRead().WithSummary("The analysis runs of a project.");
        return app;
    }

    internal static async Task<Ok<List<ProjectSummary>>> ListProjects(ClaimsPrincipal user, DivideMapperDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.ProjectsAsync(ct, includePrivate: AccessControl.ReadsPrivate(user)));

    internal static async Task<Results<Ok<ProjectSummary>, ProblemHttpResult>> GetProject(string slug, DivideMapperDbContext db,
        CancellationToken ct) =>
        await db.ProjectSummaryAsync(slug, ct) is { } project
            ? TypedResults.Ok(project)
            : UnknownProject(slug);

    internal static async Task<Results<Created<ProjectSummary>, ProblemHttpResult>> CreateProjectAsync(CreateProject body,
        DivideMapperDbContext db, CancellationToken ct)
    {
        if (!Listings.IsValidSlug(body.Slug))
            return ProblemSetup.Problem(400, ErrorCodes.InvalidParameter, "Invalid project slug.",
                $"'{body.Slug}' is not a valid slug: use 1–64 lower-case letters, digits and dashes.");
        if (body.MinDevices is < 1 || body.MinTests is < 1)
            return ProblemSetup.Problem(400, ErrorCodes.InvalidParameter, "Invalid privacy floor.", "minDevices and minTests must be at least 1.");
        if (body.Visibility is { } v && !ProjectVisibility.IsValid(v))
            return ProblemSetup.Problem(400, ErrorCodes.InvalidParameter, "Invalid visibility.", "visibility must be public or private.");
        if (await db.Projects.AnyAsync(p => p.Slug == body.Slug, ct)) return Exists(body.Slug);
        var project = new Project
        {
            Slug = body.Slug,
            Name = string.IsNullOrWhiteSpace(body.Name) ? body.Slug : body.Name.Trim(),
            MinDevices = body.MinDevices ?? PrivacyFloor.DefaultMinDevices,
            MinTests = body.MinTests ?? PrivacyFloor.DefaultMinTests,
            Attribution = body.Attribution,
            Visibility = body.Visibility ?? ProjectVisibility.Default,
        };
        db.Projects.Add(project);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Exists(body.Slug); // created concurrently (another request or a first import) between the check and the insert
        }
        var summary = (await db.ProjectSummaryAsync(body.Slug, ct))!;
        return TypedResults.Created($"/api/projects/{summary.Slug}", summary);
    }

    internal static async Task<Results<Ok<ProjectSummary>, ProblemHttpResult>> UpdateProjectAsync(string slug, UpdateProject body,
        NpgsqlDataSource dataSource, DivideMapperDbContext db, CancellationToken ct)
    {
        if (body.Visibility is not { } visibility || !ProjectVisibility.IsValid(visibility))
            return ProblemSetup.Problem(400, ErrorCodes.InvalidParameter, "Invalid visibility.", "Send { \"visibility\": \"public\" | \"private\" }.");
        if (!await ProjectAccessQueries.SetVisibilityAsync(dataSource, slug, visibility, ct)) return UnknownProject(slug);
        return TypedResults.Ok((await db.ProjectSummaryAsync(slug, ct))!);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteProjectAsync(string slug, NpgsqlDataSource dataSource, CancellationToken ct) =>
        await Deletions.ProjectAsync(dataSource, slug, ct) switch
        {
            DeleteOutcome.Deleted => TypedResults.NoContent(),
            DeleteOutcome.Running => Running($"Project '{slug}' has a run in progress; delete it when the run has ended."),
            _ => UnknownProject(slug),
        };

    internal static async Task<Results<Ok<List<DatasetSummary>>, ProblemHttpResult>> ListDatasets(string slug, DivideMapperDbContext db,
        CancellationToken ct) =>
        await db.FindProjectAsync(slug, ct) is { } project ? TypedResults.Ok(await db.DatasetsAsync(project.Id, ct)) : UnknownProject(slug);

    internal static async Task<Results<Ok<List<RunSummaryRow>>, ProblemHttpResult>> ListRuns(string slug, DivideMapperDbContext db,
        CancellationToken ct) =>
        await db.FindProjectAsync(slug, ct) is { } project ? TypedResults.Ok(await db.RunsAsync(project.Id, ct)) : UnknownProject(slug);

    internal static ProblemHttpResult UnknownProject(string slug) => ProblemSetup.Refused(Refusal.UnknownProject(slug));

    private static ProblemHttpResult Exists(string slug) =>
        ProblemSetup.Problem(409, ErrorCodes.Conflict, "Project exists.", $"A project '{slug}' already exists.");

    /// <summary>409 with Retry-After: the thing is busy now, not wrong.</summary>
    internal static ProblemHttpResult Running(string detail) => ProblemSetup.Refused(new Refusal(ErrorCodes.RunInProgress, detail));
}
