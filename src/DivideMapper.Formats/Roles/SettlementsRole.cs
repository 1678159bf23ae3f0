using System.Text.Json;
using DivideMapper.Core.Domain;

namespace DivideMapper.Formats.Roles;

/// <summary>Settlement boundaries: name, kind (informal/formal/unknown), population, households; MultiPolygon.</summary>
internal static class SettlementsRole
{
    public static RoleDeclaration<Settlement> Declaration { get; } = new()
    {
        Role = DatasetRole.Settlements,
        Geometry = RoleGeometry.Polygons,
        Targets = ["id", "name", "kind", "population", "households"],
        Table = "settlement",
        Columns = ["source_id", "name", "kind", "population", "households", "properties", "geom"],
        SpatiallyOrdered = false,
        Check = c =>
        {
            if (!c.Has("name")) c.Warn("no name field (name, settlement, nom …); settlements are named by their id or number. Choose one with the map option name=FIELD.");
        },
        Builder = (v, rowId, geometry) =>
        {
            var kindText = v.Text("kind") ?? v.Options.Kind;
            var kind = SettlementKind.Unknown;
            if (kindText is not null && !SettlementKinds.TryParse(kindText, out kind))
                v.Invalid("kind", $"kind \"{kindText}\" is not informal, formal or unknown (or a synonym such as slum, planned)");
            var name = v.Text("name") ?? (v.Id is not null ? v.Id : $"#{v.Feature.Index}");
            return new Settlement(rowId, name, kind, v.Number("population", min: 0, max: Import.RowMapper.MaxPeople), v.Number("households", min: 0, max: Import.RowMapper.MaxPeople), geometry, v.Properties());
        },
        GeometryOfRow = s => s.Geometry,
        IdOfRow = s => s.Id,
        Writer = (w, s, source) =>
        {
            w.WriteText(source?.SourceId ?? RoleStorage.SourceId(s.Properties));
            w.WriteText(s.Name);
            w.WriteText(s.Kind.ToSlug());
            w.Write(s.Population);
            w.Write(s.Households);
            w.WriteJsonb(s.Properties is null ? null : JsonSerializer.Serialize(s.Properties));
            w.WriteGeometry(RoleStorage.AsMultiPolygon(s.Geometry));
        },
    };
}
