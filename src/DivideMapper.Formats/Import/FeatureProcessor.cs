using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Crs;
using DivideMapper.Formats.Roles;
using DivideMapper.Core.Geo;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Import;

internal sealed record ProcessedRow(object Row, ImportedRow Info);

/// <summary>
/// The kept rows (none when they went to a row stream instead: <see cref="FeatureProcessor.KeepRows"/>), how many were
/// kept, their geometry type, the valid rows left out because they lie outside the project area, and what the kept
/// measurements share.
/// </summary>
internal sealed record FeatureResult(IReadOnlyList<ProcessedRow> Rows, string? GeometryType, long OutsideProjectArea = 0, int? KeptCount = null,
    MeasurementSummary? Measurements = null)
{
    public int Kept => KeptCount ?? Rows.Count;
}

/// <summary>
/// The period and network the kept measurement rows share, gathered row by row so that streamed rows need not be kept:
/// <see cref="Period"/> is the single period (null when none or several), <see cref="Network"/> the single network's
/// slug, <c>mixed</c> for several, <c>unknown</c> for none.
/// </summary>
public sealed class MeasurementSummary
{
    private int _periods;
    private string? _period;
    private int _networks;
    private Network _network;

    public string? Period => _periods == 1 ? _period : null;
    public string Network => _networks switch { 0 => Core.Domain.Network.Unknown.ToSlug(), 1 => _network.ToSlug(), _ => "mixed" };

    internal void Add(Measurement m)
    {
        if (_periods == 0 || (_periods == 1 && m.Period != _period))
        {
            _periods++;
            _period = m.Period;
        }
        if (_networks == 0 || (_networks == 1 && m.Network != _network))
        {
            _networks++;
            _network = m.Network;
        }
    }
}

/// <summary>
/// Runs every feature through the checks in order — geometry (type, emptiness, finite, range, validity, repair),
/// reprojection to EPSG:4326, quadkey agreement, duplicate ids, attributes — and keeps the rows with no problem.
/// </summary>
internal sealed class FeatureProcessor(ImportOptions options, ProblemList problems, List<string> warnings, SourceCrs crs)
{
    private readonly RoleDeclaration _role = RoleCatalog.Of(options.Role);

    // The project area (DESIGN §7), for the roles that clip; null keeps every row.
    private readonly ClipBox? _clip = RoleCatalog.Of(options.Role).ClipToProjectArea ? options.ClipBox : null;
    private long _outside;

    private RowMapper? _mapper;
    private bool _skip;
    private readonly List<ProcessedRow> _rows = [];
    private int _kept;
    private readonly SortedSet<string> _rowTypes = new(StringComparer.Ordinal);
    private readonly MeasurementSummary _measurements = new();

    /// <summary>
    /// Keep the rows for <see cref="Result"/> (default). A streaming import whose rows all went to a row stream turns it
    /// off: memory then stays that of one row, whatever the size of the file.
    /// </summary>
    public bool KeepRows { get; init; } = true;
    private readonly SeenIds _seenIds = new();
    private int _zOrM;
    private readonly SortedSet<string> _sourceTypes = new(StringComparer.Ordinal);

    // Streaming (rows handed over while the file is still being read): the fields are known up front, and the
    // "id field is 0 everywhere" rule, which needs every feature, is checked at the end instead.
    private IReadOnlyCollection<string>? _streamFields;
    private int _streamed;
    private bool _idsAllZero = true;

    /// <summary>Where <see cref="Process"/> reports the rows it has checked (every 1,024).</summary>
    public ImportProgress? Progress { get; init; }

    public FeatureResult Process(SourceLayer layer)
    {
        if (layer.Features.Count == 0) return new FeatureResult([], null);
        _mapper = new RowMapper(options, FieldsOf(layer), problems, warnings);
        if (problems.HasFileProblems) return new FeatureResult([], null);

        if (_mapper.IdField is { } idField && layer.Features.Count > 1 && !options.Mapping.ContainsKey("id")
            && layer.Features.All(f => IdIsZeroOrEmpty(f, idField)))
        {
            warnings.Add($"the {idField} field is 0 or empty everywhere (ArcMap's default), so it was not used as an id.");
            _mapper.IgnoreIdField();
        }
        Progress?.Enter(ImportPhase.Validating, layer.Features.Count);
        var checkedRows = 0;
        foreach (var f in layer.Features)
        {
            Add(_mapper, f);
            if ((++checkedRows & 1023) == 0) Progress?.Advance(checkedRows);
        }
        Progress?.Advance(checkedRows);
        return Result();
    }

    /// <summary>Starts taking rows one by one as a reader hands them over; every row has exactly <paramref name="fields"/>.</summary>
    public void BeginStream(IReadOnlyCollection<string> fields) => _streamFields = fields;

    /// <summary>
    /// Whether the rows checked so far were checked as they would be with <paramref name="fields"/> as the stream's fields
    /// (the fields it began with and new names a later row brought): the same field mapping, and no file problem from it
    /// (its message lists the fields). Before the first row the stream simply takes the new fields.
    /// </summary>
    public bool TakesFields(IReadOnlyCollection<string> fields)
    {
        if (_mapper is null)
        {
            _streamFields = fields;
            return true;
        }
        return !_skip && _mapper.MapsAlike(fields);
    }

    /// <summary>
    /// Checks one streamed row and returns it when it was kept (the mapper is made with the first row, as
    /// <see cref="Process"/> makes it only for a non-empty layer).
    /// </summary>
    public ProcessedRow? Add(SourceFeature f)
    {
        if (_skip) return null;
        if (_mapper is null)
        {
            _mapper = new RowMapper(options, _streamFields ?? throw new InvalidOperationException("BeginStream first."), problems, warnings);
            if (problems.HasFileProblems)
            {
                _skip = true;
                return null;
            }
        }
        _streamed++;
        if (_idsAllZero && _mapper.IdField is { } idField) _idsAllZero = IdIsZeroOrEmpty(f, idField);
        return Add(_mapper, f);
    }

    /// <summary>
    /// True when the streamed rows meet the rule under which <see cref="Process"/> ignores the id field (0 or empty
    /// everywhere): the caller then processes the whole layer again with <see cref="Process"/>, on fresh problems.
    /// </summary>
    public bool StreamNeedsIdRule => _mapper?.IdField is not null && !_skip && _streamed > 1 && !options.Mapping.ContainsKey("id") && _idsAllZero;

    /// <summary>The rows kept and their geometry type; ends a stream.</summary>
    public FeatureResult Result()
    {
        if (_mapper is null || _skip) return new FeatureResult([], null);
        if (_zOrM > 0) warnings.Add($"{_zOrM:N0} feature(s) had Z or M values; only x/y were kept.");
        var types = _rowTypes.Count > 0 ? _rowTypes.ToList() : _sourceTypes.ToList();
        return new FeatureResult(_rows, types.Count switch { 0 => null, 1 => types[0], _ => string.Join("/", types) }, _outside, _kept,
            _role.Role == DatasetRole.Measurements ? _measurements : null);
    }

    private static bool IdIsZeroOrEmpty(SourceFeature f, string idField) =>
        f.Id is null && Convert.ToString(f.Attributes.GetValueOrDefault(idField), System.Globalization.CultureInfo.InvariantCulture) is "0" or null;

    private ProcessedRow? Add(RowMapper mapper, SourceFeature f)
    {
        var id = mapper.IdOf(f);
        var source = f.Geometry; // the feature is left as read, so that a second pass over the layer sees the same
        if (source is not null)
        {
            _sourceTypes.Add(source.GeometryType);
            if (GeometryValidator.HasZOrM(source))
            {
                _zOrM++;
                source = GeometryValidator.DropZM(source);
            }
        }
        var outside = false;
        var geometry = f.GeometryFailed ? null : CheckGeometry(f, source, id, mapper.QuadkeyOf(f), ref outside);
        // Outside the project area (a row whose reach matters is judged once it is built, below).
        if (geometry is not null && _clip is not null && !_role.HasReach && !_clip.Intersects(geometry)) outside = true;
        if (outside)
        {
            // Not a problem: the row is simply not the project's. Its attributes are not checked either, so a world-wide
            // file is judged by the rows it contributes.
            _outside++;
            return null;
        }
        if (id is not null)
        {
            if (!_seenIds.TryAdd(id, f.Index, out var first))
                problems.Feature(f.Index, id, ErrorCodes.DuplicateId, $"the id \"{id}\" is already used by feature {first}; ids must be unique in a file.",
                    mapper.IdField);
        }
        if (geometry is null)
        {
            mapper.CheckOnly(f, id);
            return null;
        }
        var row = mapper.Build(f, id, _kept + 1, geometry);
        if (row is null || problems.IsBad(f.Index)) return null;
        if (_clip is not null && _role.HasReach && !_clip.Grown(_role.ReachMetresOf(row)).Intersects(geometry))
        {
            _outside++;
            return null;
        }
        var kept = new ProcessedRow(row, new ImportedRow(f.Index, id, mapper.Properties(f)));
        _kept++;
        _rowTypes.Add(_role.GeometryOf(row).GeometryType);
        if (row is Measurement m) _measurements.Add(m);
        if (KeepRows) _rows.Add(kept);
        return kept;
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
    private Geometry? CheckGeometry(SourceFeature f, Geometry? g, string? id, string? quadkey, ref bool outsideArea)
    {
        if (g is null || g.IsEmpty)
        {
            if (quadkey is not null && Quadkey.TryParse(quadkey, out _))
                return Quadkey.ToPolygon(quadkey); // Ookla tile without geometry: rebuilt, already in 4326
            problems.Feature(f.Index, id, ErrorCodes.EmptyGeometry, g is null ? "it has no geometry." : $"its {g.GeometryType} is empty.");
            return null;
        }
        if (GeometryValidator.FirstNonFinite(g) is { } bad)
        {
            problems.Feature(f.Index, id, ErrorCodes.NonFiniteCoordinate, $"a coordinate is not a finite number ({bad.X} {bad.Y}).");
            return null;
        }
        var typed = GeometryValidator.ToRoleType(g, _role.Geometry);
        if (typed is null)
        {
            problems.Feature(f.Index, id, ErrorCodes.WrongGeometryType,
                $"it is a {g.GeometryType}, but {_role.Slug} need {_role.ExpectedGeometry}.", location: At(g.Coordinate));
            return null;
        }
        if (typed.IsEmpty)
        {
            problems.Feature(f.Index, id, ErrorCodes.EmptyGeometry, $"its {g.GeometryType} is empty.");
            return null;
        }
        if (crs.IsGeographic && GeometryValidator.OutOfLonLatRange(typed) is { } outside)
        {
            var (at, swapFits) = outside;
            if (swapFits)
                problems.Feature(f.Index, id, ErrorCodes.PossiblySwappedAxes,
                    $"the point {At(at)} is outside longitude −180…180 / latitude −90…90, but would fit with x and y swapped: the file may list latitude before longitude.",
                    location: At(at));
            else
                problems.Feature(f.Index, id, ErrorCodes.OutOfRangeCoordinate,
                    $"the point {At(at)} is far outside longitude −180…180 / latitude −90…90; these look like projected coordinates (metres) in a file without a .prj or crs. Give the CRS as the srid option.",
                    location: At(at));
            return null;
        }
        // Lon/lat rows wholly outside the project area go before the costly validity check: a world-wide file is not
        // refused for a broken polygon on another continent. (The envelope never says "outside" wrongly.)
        if (_clip is not null && !_role.HasReach && crs.IsWgs84 && !_clip.Intersects(typed.EnvelopeInternal))
        {
            outsideArea = true;
            return null;
        }
        if (GeometryValidator.ValidityError(typed) is { } error)
        {
            var where = error.Coordinate is { } c ? At(c) : null;
            var repaired = options.Repair ? GeometryValidator.Repair(typed, _role.Geometry) : null;
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
            problems.Feature(f.Index, id, ErrorCodes.OutOfRangeCoordinate, $"its coordinates cannot be reprojected from {crs.Name} ({e.Message.TrimEnd('.')}).",
                location: At(typed.Coordinate));
            return null;
        }
        if (!crs.IsWgs84)
        {
            var nonFinite = GeometryValidator.FirstNonFinite(result) is not null;
            if (nonFinite || GeometryValidator.OutOfLonLatRange(result) is not null)
            {
                problems.Feature(f.Index, id, ErrorCodes.OutOfRangeCoordinate,
                    $"its coordinates, such as {At(typed.Coordinate)}, do not fall on the globe in {crs.Name}; the CRS may be wrong (check the .prj or the srid option).",
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
            problems.Feature(f.Index, id, ErrorCodes.QuadkeyMismatch,
                $"its polygon (centre {At(centre)}) is not the tile of quadkey {quadkey}; the geometry or the quadkey is wrong.", "quadkey", At(centre));
            return null;
        }
        return result;
    }

    private static ProblemLocation? At(Coordinate? c) => c is null ? null : new ProblemLocation(c.X, c.Y);
}
