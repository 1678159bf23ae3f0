using System.Globalization;
using DivideMapper.Core.Outcomes;
using DivideMapper.Data.Access;
using DivideMapper.Web.Problems;
using Npgsql;

namespace DivideMapper.Web.Access;

/// <summary>
/// The read check of DESIGN §8 as an endpoint filter: a public project's endpoints answer anyone; a private
/// project's answer only a viewer key or better, and to everyone else exactly as an unknown project or run does
/// (404, same words), so its existence does not leak. A project or run that does not exist passes through to the
/// endpoint, which answers its own 404.
/// </summary>
public static class ProjectReadFilter
{
    /// <summary>The project is the route value <paramref name="routeValue"/> (default <c>{slug}</c>).</summary>
    public static TBuilder RequireProjectRead<TBuilder>(this TBuilder builder, string routeValue = "slug") where TBuilder : IEndpointConventionBuilder =>
        builder.RequireProjectRead(http => http.Request.RouteValues.TryGetValue(routeValue, out var v) ? v?.ToString() : null);

    /// <summary>The project's slug comes from <paramref name="slugOf"/> (e.g. <see cref="SlugOfCollection"/>); null skips the check.</summary>
    public static TBuilder RequireProjectRead<TBuilder>(this TBuilder builder, Func<HttpContext, string?> slugOf) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(ProjectReadMetadata.Instance);
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (AccessControl.ReadsPrivate(http.User) || slugOf(http) is not { } slug) return await next(context);
            var project = await ProjectAccessQueries.BySlugAsync(DataSource(http), slug, http.RequestAborted);
            if (project is null || project.IsPublic) return await next(context);
            return ProblemSetup.Refused(Refusal.UnknownProject(slug));
        });
        return builder;
    }

    /// <summary>The project is the one of the run in route value <paramref name="routeValue"/> (default <c>{id}</c>).</summary>
    public static TBuilder RequireRunRead<TBuilder>(this TBuilder builder, string routeValue = "id") where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(ProjectReadMetadata.Instance);
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (AccessControl.ReadsPrivate(http.User)
                || !http.Request.RouteValues.TryGetValue(routeValue, out var raw)
                || !long.TryParse(raw?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var runId))
                return await next(context);
            var project = await ProjectAccessQueries.ByRunAsync(DataSource(http), runId, http.RequestAborted);
            if (project is null || project.IsPublic) return await next(context);
            return ProblemSetup.Refused(Refusal.UnknownRun(runId));
        });
        return builder;
    }

    /// <summary>The slug of an OGC collection id such as <c>sample.results</c> (the part before the first dot).</summary>
    public static string? SlugOfCollection(HttpContext http, string routeValue = "collectionId") =>
        http.Request.RouteValues.TryGetValue(routeValue, out var v) && v?.ToString() is { } id
            ? (id.IndexOf('.') is var dot and > 0 ? id[..dot] : id)
            : null;

    private static NpgsqlDataSource DataSource(HttpContext http) => http.RequestServices.GetRequiredService<NpgsqlDataSource>();
}

/// <summary>Marks an endpoint as checked by <see cref="ProjectReadFilter"/> (the role × endpoint test looks for it).</summary>
public sealed class ProjectReadMetadata
{
    public static ProjectReadMetadata Instance { get; } = new();
}
