using DivideMapper.Core.Outcomes;
using DivideMapper.Core.Analysis;
using DivideMapper.Data;
using DivideMapper.Data.Model;
using DivideMapper.Data.Queries;
using DivideMapper.Web.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DivideMapper.Web.Endpoints;

public static class ProjectEndpoints
{
    public sealed record CreateProject(string Slug, string? Name, int? MinDevices, int? MinTests, string? Attribution);

    public static IEndpointRouteBuilder MapProjectEndpoints(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/projects").WithTags("Projects");
        projects.MapGet("/", ListProjects).WithSummary("All projects with dataset and run counts.");
        projects.MapPost("/", CreateProjectAsync).WithSummary("Create a project (projects are also created on first import).");
        projects.MapGet("/{slug}", GetProject).WithSummary("One project.");
        projects.MapGet("/{slug}/datasets", ListDatasets).WithSummary("The datasets imported into a project.");
        projects.MapGet("/{slug}/runs", ListRuns).WithSummary("The analysis runs of a project.");
        return app;
    }

    internal static async Task<Ok<List<ProjectSummary>>> ListProjects(DivideMapperDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.ProjectsAsync(ct));

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
        if (await db.Projects.AnyAsync(p => p.Slug == body.Slug, ct))
            return ProblemSetup.Problem(409, ErrorCodes.Conflict, "Project exists.", $"A project '{body.Slug}' already exists.");
        var project = new Project
        {
            Slug = body.Slug,
            Name = string.IsNullOrWhiteSpace(body.Name) ? body.Slug : body.Name.Trim(),
            MinDevices = body.MinDevices ?? PrivacyFloor.DefaultMinDevices,
            MinTests = body.MinTests ?? PrivacyFloor.DefaultMinTests,
            Attribution = body.Attribution,
        };
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
        var summary = (await db.ProjectSummaryAsync(body.Slug, ct))!;
        return TypedResults.Created($"/api/projects/{summary.Slug}", summary);
    }

    internal static async Task<Results<Ok<List<DatasetSummary>>, ProblemHttpResult>> ListDatasets(string slug, DivideMapperDbContext db,
        CancellationToken ct) =>
        await db.FindProjectAsync(slug, ct) is { } project ? TypedResults.Ok(await db.DatasetsAsync(project.Id, ct)) : UnknownProject(slug);

    internal static async Task<Results<Ok<List<RunSummaryRow>>, ProblemHttpResult>> ListRuns(string slug, DivideMapperDbContext db,
        CancellationToken ct) =>
        await db.FindProjectAsync(slug, ct) is { } project ? TypedResults.Ok(await db.RunsAsync(project.Id, ct)) : UnknownProject(slug);

    internal static ProblemHttpResult UnknownProject(string slug) => ProblemSetup.Refused(Refusal.UnknownProject(slug));
}
