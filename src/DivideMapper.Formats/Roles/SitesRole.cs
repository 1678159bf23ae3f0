using DivideMapper.Core.Domain;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Roles;

/// <summary>Cell sites (OpenCelliD-like): operator, tech, range_m; Point.</summary>
internal static class SitesRole
{
    public static RoleDeclaration<CellSite> Declaration { get; } = new()
    {
        Role = DatasetRole.Sites,
        Geometry = RoleGeometry.Points,
        Targets = ["id", "operator", "tech", "range"],
        Table = "site",
        Columns = ["operator", "tech", "range_m", "geom"],
        Check = c => c.Require("technology", c.Has("tech") || c.Options.Tech is not null, "tech, radio, technology or gen; or give the tech option"),
        Builder = (v, rowId, geometry) => new CellSite(rowId, v.Text("operator"), v.Tech() ?? default, v.Range(), (Point)geometry),
        GeometryOfRow = s => s.Geometry,
        IdOfRow = s => s.Id,
        ClipToProjectArea = true,
        // The range the analysis will draw (RunInputs: the site's own, else the tech's default).
        ReachOfRow = s => s.RangeM ?? s.Tech.DefaultRangeMeters(),
        Writer = (w, s, _) =>
        {
            w.WriteText(s.Operator);
            w.WriteText(s.Tech.ToLabel());
            w.Write(s.RangeM);
            w.WriteGeometry(s.Geometry);
        },
    };
}
