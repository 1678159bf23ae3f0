using DivideMapper.Core.Domain;

namespace DivideMapper.Formats.Roles;

/// <summary>Coverage footprints: operator, tech; MultiPolygon.</summary>
internal static class CoverageRole
{
    public static RoleDeclaration<CoverageArea> Declaration { get; } = new()
    {
        Role = DatasetRole.Coverage,
        Geometry = RoleGeometry.Polygons,
        Targets = ["id", "operator", "tech"],
        Table = "coverage",
        Columns = ["operator", "tech", "geom"],
        Check = c => c.Require("technology", c.Has("tech") || c.Options.Tech is not null, "tech, radio, technology or gen; or give the tech option"),
        Builder = (v, rowId, geometry) => new CoverageArea(rowId, v.Text("operator"), v.Tech() ?? default, geometry),
        GeometryOfRow = c => c.Geometry,
        IdOfRow = c => c.Id,
        ClipToProjectArea = true,
        Writer = (w, c, _) =>
        {
            w.WriteText(c.Operator);
            w.WriteText(c.Tech.ToLabel());
            w.WriteGeometry(RoleStorage.AsMultiPolygon(c.Geometry));
        },
    };
}
