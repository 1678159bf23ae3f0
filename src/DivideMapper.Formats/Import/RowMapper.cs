using System.Globalization;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Geo;
using DivideMapper.Formats.Roles;
using DivideMapper.Core.Outcomes;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.Import;

/// <summary>
/// Maps source attributes to the columns of a role (DESIGN §4) by usual field names or the analyst's --map, checks
/// required and typed values, and builds the Core records. Fields no column takes stay in the row's properties.
/// </summary>
internal sealed class RowMapper
{
    private readonly RoleDeclaration _role;
    private readonly ImportOptions _options;
    private readonly ProblemList _problems;
    private readonly Dictionary<string, string?> _columns = new(StringComparer.Ordinal); // by target, our own lower-case names
    private readonly HashSet<string> _consumed = new(StringComparer.OrdinalIgnoreCase);

    public RowMapper(ImportOptions options, IReadOnlyCollection<string> fields, ProblemList problems, List<string> warnings)
    {
        _role = RoleCatalog.Of(options.Role);
        _options = options;
        _problems = problems;
        foreach (var (target, source) in options.Mapping)
        {
            if (!FieldMapping.Candidates.ContainsKey(target))
                problems.File(ErrorCodes.MissingAttribute, $"map {target}={source}: \"{target}\" is not a column we map; use one of {string.Join(", ", FieldMapping.Names)}.");
            else if (source.Length > 0 && !fields.Any(f => f.Equals(source, StringComparison.OrdinalIgnoreCase)) && target is not ("lon" or "lat" or "geometry"))
                problems.File(ErrorCodes.MissingAttribute, $"map {target}={source}: the file has no field \"{source}\"; its fields are: {Fields(fields)}.");
        }
        foreach (var target in _role.Targets)
        {
            var column = FieldMapping.Find(target, fields, options.Mapping, out _);
            _columns[target] = column;
            if (column is not null) _consumed.Add(column);
        }
        CheckRequiredColumns(fields, warnings);
    }

    public string? IdField => _columns.GetValueOrDefault("id");

    /// <summary>Whether a mapper made with <paramref name="fields"/> would map every target to the same column as this one.</summary>
    public bool MapsAlike(IReadOnlyCollection<string> fields) =>
        _role.Targets.All(target => FieldMapping.Find(target, fields, _options.Mapping, out _) == _columns[target]);

    /// <summary>Stops using the id field for ids (it stays out of the properties like any mapped field).</summary>
    public void IgnoreIdField()
    {
        _columns["id"] = null;
        _slotSchema = null;
    }

    private void CheckRequiredColumns(IReadOnlyCollection<string> fields, List<string> warnings) =>
        _role.CheckColumns(new RequiredColumns(target => _columns.GetValueOrDefault(target) is not null, _options,
            (what, hint) => _problems.File(ErrorCodes.MissingAttribute, $"no {what} field found ({hint}); its fields are: {Fields(fields)}."), warnings));

    /// <summary>The source id: the format's own (GeoJSON id, OpenCelliD cell key) or the id field; for Ookla tiles the quadkey.</summary>
    public string? IdOf(SourceFeature f) =>
        f.Id ?? Text(f, "id") ?? (_role.IdFallbackTarget is { } fallback ? Text(f, fallback) : null);

    public string? QuadkeyOf(SourceFeature f) => _role.Targets.Contains("quadkey") ? Text(f, "quadkey") : null;

    /// <summary>Builds the role's record, or returns null after reporting what is missing or wrong.</summary>
    public object? Build(SourceFeature f, string? id, long rowId, Geometry geometry)
    {
        var context = new FeatureValues(this, f, id);
        var row = _role.Build(context, rowId, geometry);
        return context.Failed ? null : row;
    }

    /// <summary>Checks the attributes of a feature whose geometry already failed, so the report lists everything at once.</summary>
    public void CheckOnly(SourceFeature f, string? id) => Build(f, id, 0, _role.Geometry == RoleGeometry.Points
        ? Factories.Source.CreatePoint(new Coordinate(0, 0)) : Factories.Source.CreatePolygon());

    public IReadOnlyDictionary<string, object?> Properties(SourceFeature f)
    {
        if (f.Attributes.Schema is { } schema)
        {
            // Rows sharing a schema share the list of fields no column took; most often it is empty.
            if (!ReferenceEquals(schema, _propertySchema))
            {
                _propertySlots = Enumerable.Range(0, schema.Names.Count).Where(i => !_consumed.Contains(schema.Names[i])).ToArray();
                _propertySchema = schema;
            }
            if (_propertySlots.Length == 0) return NoProperties;
            var properties = new Dictionary<string, object?>(_propertySlots.Length, StringComparer.Ordinal);
            foreach (var slot in _propertySlots) properties[schema.Names[slot]] = f.Attributes[slot];
            return properties;
        }
        return f.Attributes.Where(kv => !_consumed.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    private static readonly IReadOnlyDictionary<string, object?> NoProperties = new Dictionary<string, object?>(StringComparer.Ordinal).AsReadOnly();
    private AttributeSchema? _propertySchema;
    private int[] _propertySlots = [];

    /// <summary>
    /// Ceilings that keep sums finite and exact: a population or household count above the world's (≈ 8e9) is an error
    /// in the file, and so are more than a billion tests or devices in one row; summed over the most rows an import
    /// accepts, neither can overflow a double's exact integers or reach Infinity (a 1e308 population would).
    /// </summary>
    internal const double MaxPeople = 1e10;
    internal const double MaxCount = 1e9;

    private static string Fields(IEnumerable<string> fields)
    {
        var list = fields.ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list.Take(40)) + (list.Count > 40 ? " …" : "");
    }

    /// <summary>Reads the typed values of one feature, reporting each bad or missing one.</summary>
    internal sealed class FeatureValues(RowMapper mapper, SourceFeature feature, string? id)
    {
        public SourceFeature Feature { get; } = feature;
        public ImportOptions Options => mapper._options;

        /// <summary>The source field the target was mapped to, if any.</summary>
        public string? ColumnOf(string target) => mapper._columns.GetValueOrDefault(target);

        /// <summary>The feature's attributes no column took.</summary>
        public IReadOnlyDictionary<string, object?> Properties() => mapper.Properties(Feature);
        public string? Id { get; } = id;
        public bool Failed { get; private set; }

        private object? Raw(string target) =>
            mapper.RawValue(Feature, target);

        public string? Text(string target) => mapper.Text(Feature, target);

        public double? Number(string target, double min, double max = double.MaxValue)
        {
            var raw = Raw(target);
            if (raw is null || raw is string s && string.IsNullOrWhiteSpace(s)) return null;
            double? value = raw switch
            {
                long l => l,
                int i => i,
                double d => d,
                bool => null,
                _ => ParseNumber(Convert.ToString(raw, CultureInfo.InvariantCulture) ?? ""),
            };
            if (value is null || !double.IsFinite(value.Value))
                Invalid(target, $"{mapper._columns[target]} \"{raw}\" is not a number");
            else if (value < min)
                Invalid(target, $"{mapper._columns[target]} is {value.Value.ToString(CultureInfo.InvariantCulture)}; it cannot be negative");
            else if (value > max)
                Invalid(target, $"{mapper._columns[target]} is {value.Value.ToString(CultureInfo.InvariantCulture)}; it cannot be more than {max.ToString(CultureInfo.InvariantCulture)}");
            else return value;
            return null;
        }

        public int? Count(string target)
        {
            var n = Number(target, 0, MaxCount);
            if (n is null) return null;
            if (n != Math.Floor(n.Value))
            {
                Invalid(target, $"{mapper._columns[target]} is {n.Value.ToString(CultureInfo.InvariantCulture)}; it must be a whole number");
                return null;
            }
            return (int)n.Value;
        }

        public Tech? Tech()
        {
            var text = Text("tech");
            if (text is null)
            {
                if (mapper._options.Tech is { } given) return given;
                Missing(mapper._columns["tech"] ?? "tech", "no technology (2G, 3G, 4G, 5G, fixed; or GSM, UMTS, LTE, NR)");
                return null;
            }
            if (text.Trim() is "2" or "3" or "4" or "5") text = text.Trim() + "G";
            if (Techs.TryParse(text, out var tech)) return tech;
            Invalid("tech", $"technology \"{text}\" is not one of 2G, 3G, 4G, 5G, fixed (or GSM, UMTS, LTE, NR)");
            return null;
        }

        public double? Range()
        {
            var range = Number("range", 0);
            return range is null or 0 ? mapper._options.DefaultRangeM : range;
        }

        public bool? Bool(string target)
        {
            var raw = Raw(target);
            switch (raw)
            {
                case null: return null;
                case bool b: return b;
                case long l when l is 0 or 1: return l == 1;
            }
            var t = (Convert.ToString(raw, CultureInfo.InvariantCulture) ?? "").Trim().ToLowerInvariant();
            switch (t)
            {
                case "": return null;
                case "true" or "yes" or "y" or "1" or "t" or "connected" or "online": return true;
                case "false" or "no" or "n" or "0" or "f" or "not connected" or "unconnected" or "none" or "offline": return false;
                default:
                    Invalid(target, $"{mapper._columns[target]} \"{raw}\" is not yes/no or true/false");
                    return null;
            }
        }

        public void Missing(string field, string what)
        {
            Failed = true;
            mapper._problems.Feature(Feature.Index, Id, ErrorCodes.MissingAttribute, $"{what}.", field);
        }

        public void Invalid(string target, string what)
        {
            Failed = true;
            mapper._problems.Feature(Feature.Index, Id, ErrorCodes.InvalidValue, $"{what}.", mapper._columns.GetValueOrDefault(target) ?? target);
        }
    }

    /// <summary>
    /// The raw value of the target's column. Rows sharing a schema (CSV) are read by slot, resolved once per schema,
    /// instead of by two case-insensitive name lookups per value.
    /// </summary>
    private object? RawValue(SourceFeature f, string target)
    {
        if (f.Attributes.Schema is { } schema)
        {
            if (!ReferenceEquals(schema, _slotSchema))
            {
                _slots.Clear();
                foreach (var (t, column) in _columns) _slots[t] = column is null ? -1 : schema.IndexOf(column);
                _slotSchema = schema;
            }
            if (_slots.TryGetValue(target, out var slot)) return slot >= 0 ? f.Attributes[slot] : null;
        }
        return _columns.GetValueOrDefault(target) is { } name ? f.Attributes.GetValueOrDefault(name) : null;
    }

    private AttributeSchema? _slotSchema;
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);

    private string? Text(SourceFeature f, string target)
    {
        var raw = RawValue(f, target);
        var text = raw switch
        {
            null => null,
            string s => s,
            double d => d.ToString(CultureInfo.InvariantCulture),
            _ => Convert.ToString(raw, CultureInfo.InvariantCulture),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static double? ParseNumber(string text)
    {
        if (FastNumber.TryParse(text, out var v)) return v;
        var t = text.Trim();
        if (t.Contains(',') && !t.Contains('.')) t = t.Replace(',', '.'); // decimal comma
        else return null; // already tried as is
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out v) ? v : null;
    }
}
