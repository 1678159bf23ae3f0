using DivideMapper.Core.Domain;
using DivideMapper.Formats.Crs;
using DivideMapper.Core.Geo;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Import;

internal sealed record ProcessedRow(object Row, ImportedRow Info);

internal sealed record FeatureResult(IReadOnlyList<ProcessedRow> Rows, string? GeometryType);

/// <summary>
/// Runs every feature through the checks in order — geometry (type, emptiness, finite, range, validity, repair),
/// reprojection to EPSG:4326, quadkey agreement, duplicate ids, attributes — and keeps the rows with no problem.
/// </summary>
internal sealed class FeatureProcessor(ImportOptions options, ProblemList problems, List<string> warnings, SourceCrs crs)
{
    private readonly DatasetRole _role = options.Role;

    public FeatureResult Process(SourceLayer layer)
    {
        if (layer.Features.Count == 0) return new FeatureResult([], null);
        var fields = FieldsOf(layer);
        var mapper = new RowMapper(options, fields, problems, warnings);
        if (problems.HasFileProblems) return new FeatureResult([], null);

        if (mapper.IdField is { } idField && layer.Features.Count > 1 && !options.Mapping.ContainsKey("id")
            && layer.Features.All(f => f.Id is null && Convert.ToString(f.Attributes.GetValueOrDefault(idField), System.Globalization.CultureInfo.InvariantCulture) is "0" or null))
        {
            warnings.Add($"the {idField} field is 0 or empty everywhere (ArcMap's default), so it was not used as an id.");
            mapper.IgnoreIdField();
        }
        var rows = new List<ProcessedRow>();
        var seenIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var zOrM = 0;
        var sourceTypes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var f in layer.Features)
        {
            var id = mapper.IdOf(f);
            if (f.Geometry is { } g)
            {
                sourceTypes.Add(g.GeometryType);
                if (GeometryValidator.HasZOrM(g))
                {
                    zOrM++;
                    f.Geometry = GeometryValidator.DropZM(g);
                }
            }
            var geometry = f.GeometryFailed ? null : CheckGeometry(f, id, mapper.QuadkeyOf(f));
            if (id is not null)
            {
                if (seenIds.TryGetValue(id, out var first))
                    problems.Feature(f.Index, id, ProblemCodes.DuplicateId, $"the id \"{id}\" is already used by feature {first}; ids must be unique in a file.",
                        mapper.IdField);
                else seenIds[id] = f.Index;
            }
            if (geometry is null)
            {
                mapper.CheckOnly(f, id);
                continue;
            }
            var row = mapper.Build(f, id, rows.Count + 1, geometry);
            if (row is not null && !problems.IsBad(f.Index))
                rows.Add(new ProcessedRow(row, new ImportedRow(f.Index, id, mapper.Properties(f))));
        }
        if (zOrM > 0) warnings.Add($"{zOrM:N0} feature(s) had Z or M values; only x/y were kept.");
        var rowTypes = rows.Select(r => GeometryOf(r.Row).GeometryType).Distinct().Order(StringComparer.Ordinal).ToList();
        var types = rowTypes.Count > 0 ? rowTypes : sourceTypes.ToList();
        return new FeatureResult(rows, types.Count switch { 0 => null, 1 => types[0], _ => string.Join("/", types) });
    }

    /// <summary>Every attribute name in the layer, in order of first appearance; rows that share a schema are looked at once.</summary>
    private static List<string> FieldsOf(SourceLayer layer)
    {
        var fields = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        AttributeSchema? last = null;
        foreach (var f in layer.Features)
        {
            var schema = f.Attributes.Schema;
            if (schema is not null && ReferenceEquals(schema, last)) continue;
            last = schema;
            foreach (var key in schema?.Names ?? f.Attributes.Keys)
                if (seen.Add(key)) fields.Add(key);
        }
        return fields;
    }

    /// <summary>The feature's geometry checked and in EPSG:4326 and the role's type, or null after reporting why not.</summary>
    private Geometry? CheckGeometry(SourceFeature f, string? id, string? quadkey)
    {
        var g = f.Geometry;
        if (g is null || g.IsEmpty)
        {
            if (_role == DatasetRole.Measurements && quadkey is not null && Quadkey.TryParse(quadkey, out _))
                return Quadkey.ToPolygon(quadkey); // Ookla tile without geometry: rebuilt, already in 4326
            problems.Feature(f.Index, id, ProblemCodes.EmptyGeometry, g is null ? "it has no geometry." : $"its {g.GeometryType} is empty.");
            return null;
        }
        if (GeometryValidator.FirstNonFinite(g) is { } bad)
        {
            problems.Feature(f.Index, id, ProblemCodes.NonFiniteCoordinate, $"a coordinate is not a finite number ({bad.X} {bad.Y}).");
            return null;
        }
        var typed = GeometryValidator.ToRoleType(g, _role);
        if (typed is null)
        {
            problems.Feature(f.Index, id, ProblemCodes.WrongGeometryType,
                $"it is a {g.GeometryType}, but {_role.ToSlug()} need {GeometryValidator.Expected(_role)}.", location: At(g.Coordinate));
            return null;
        }
        if (typed.IsEmpty)
        {
            problems.Feature(f.Index, id, ProblemCodes.EmptyGeometry, $"its {g.GeometryType} is empty.");
            return null;
        }
        if (crs.IsGeographic && GeometryValidator.OutOfLonLatRange(typed) is { } outside)
        {
            var (at, swapFits) = outside;
            if (swapFits)
                problems.Feature(f.Index, id, ProblemCodes.PossiblySwappedAxes,
                    $"the point {At(at)} is outside longitude −180…180 / latitude −90…90, but would fit with x and y swapped: the file may list latitude before longitude.",
                    location: At(at));
            else
                problems.Feature(f.Index, id, ProblemCodes.OutOfRangeCoordinate,
                    $"the point {At(at)} is far outside longitude −180…180 / latitude −90…90; these look like projected coordinates (metres) in a file without a .prj or crs. Give the CRS with --srid.",
                    location: At(at));
            return null;
        }
        if (GeometryValidator.ValidityError(typed) is { } error)
        {
            var where = error.Coordinate is { } c ? At(c) : null;
            var repaired = options.Repair ? GeometryValidator.Repair(typed, _role) : null;
            if (repaired is null)
            {
                var hint = options.Repair ? " It could not be repaired automatically." : " Fix it in your GIS, or import with repair.";
                problems.Feature(f.Index, id, GeometryValidator.CodeOf(error),
                    $"{GeometryValidator.Explain(error)}{(where is null ? "" : $" at {where}")}.{hint}", location: where);
                return null;
            }
            problems.Repaired(f.Index, id, GeometryValidator.CodeOf(error),
                $"{GeometryValidator.Explain(error)}{(where is null ? "" : $" at {where}")}; repaired with GeometryFixer into a valid {repaired.GeometryType}.");
            typed = repaired;
        }
        return ToWgs84(f, id, typed, quadkey);
    }

    private Geometry? ToWgs84(SourceFeature f, string? id, Geometry typed, string? quadkey)
    {
        Geometry result;
        try
        {
            result = crs.ToWgs84(typed);
        }
        catch (Exception e) when (e is ArgumentException or ArithmeticException or InvalidOperationException)
        {
            problems.Feature(f.Index, id, ProblemCodes.OutOfRangeCoordinate, $"its coordinates cannot be reprojected from {crs.Name} ({e.Message.TrimEnd('.')}).",
                location: At(typed.Coordinate));
            return null;
        }
        if (!crs.IsWgs84)
        {
            var nonFinite = GeometryValidator.FirstNonFinite(result) is not null;
            if (nonFinite || GeometryValidator.OutOfLonLatRange(result) is not null)
            {
                problems.Feature(f.Index, id, ProblemCodes.OutOfRangeCoordinate,
                    $"its coordinates, such as {At(typed.Coordinate)}, do not fall on the globe in {crs.Name}; the CRS may be wrong (check the .prj or --srid).",
                    location: At(typed.Coordinate));
                return null;
            }
        }
        result = result is Point { IsEmpty: false } point
            ? Factories.Wgs84.CreatePoint(new Coordinate(point.X, point.Y)) // x/y only were kept; cheaper than the generic copy
            : Factories.Wgs84.CreateGeometry(result);
        if (quadkey is not null && Quadkey.TryParse(quadkey, out _) && result is Polygon or MultiPolygon && !Quadkey.Matches(result, quadkey))
        {
            var centre = result.EnvelopeInternal.Centre;
            problems.Feature(f.Index, id, ProblemCodes.QuadkeyMismatch,
                $"its polygon (centre {At(centre)}) is not the tile of quadkey {quadkey}; the geometry or the quadkey is wrong.", "quadkey", At(centre));
            return null;
        }
        return result;
    }

    private static Geometry GeometryOf(object row) => row switch
    {
        Settlement s => s.Geometry,
        CoverageArea c => c.Geometry,
        CellSite s => s.Geometry,
        Measurement m => m.Geometry,
        Facility f => f.Geometry,
        _ => throw new InvalidOperationException(),
    };

    private static ProblemLocation? At(Coordinate? c) => c is null ? null : new ProblemLocation(c.X, c.Y);
}
