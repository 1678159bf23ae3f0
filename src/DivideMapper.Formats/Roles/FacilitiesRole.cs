using DivideMapper.Core.Domain;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Roles;

/// <summary>Facilities (schools, clinics …): kind, name, connected, speed; Point; the other attributes as properties.</summary>
internal static class FacilitiesRole
{
    public static RoleDeclaration<Facility> Declaration { get; } = new()
    {
        Role = DatasetRole.Facilities,
        Geometry = RoleGeometry.Points,
        Targets = ["id", "kind", "name", "connected", "speed"],
        Table = "facility",
        Columns = ["kind", "name", "connected", "speed_mbps", "properties", "geom"],
        Check = c => c.Require("facility kind", c.Has("kind") || !string.IsNullOrWhiteSpace(c.Options.Kind), "kind, amenity or type; or give the kind option (e.g. school)"),
        Builder = (v, rowId, geometry) =>
        {
            var kind = v.Text("kind") ?? v.Options.Kind;
            if (kind is null) v.Missing(v.ColumnOf("kind") ?? "kind", "no facility kind (school, clinic …)");
            return new Facility(rowId, kind?.Trim().ToLowerInvariant() ?? "", v.Text("name"), v.Bool("connected"), v.Number("speed", min: 0), (Point)geometry);
        },
        GeometryOfRow = f => f.Geometry,
        IdOfRow = f => f.Id,
        Writer = (w, f, source) =>
        {
            w.WriteText(f.Kind);
            w.WriteText(f.Name);
            w.Write(f.Connected);
            w.Write(f.SpeedMbps);
            w.WriteJsonb(RoleStorage.Json(source?.Properties));
            w.WriteGeometry(f.Geometry);
        },
    };
}
