using System.Text.Json;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;
using NetTopologySuite.Geometries;

namespace DivideMapper.Formats.GeoJson;

/// <summary>
/// Builds NTS geometries from GeoJSON geometry objects, one feature at a time, so a bad ring is a problem of that
/// feature instead of an exception for the whole file. Only x and y are kept; <see cref="HadZ"/> tells when more
/// ordinates were dropped. Unclosed rings are closed when <c>repair</c> is set.
/// </summary>
internal sealed class GeoJsonGeometryParser(GeometryFactory factory, bool repair)
{
    public bool HadZ { get; private set; }

    /// <summary>Set after <see cref="Parse"/> when an unclosed ring was closed.</summary>
    public bool ClosedRing { get; private set; }

    /// <summary>Parses a geometry; on failure returns null with a problem code and reason.</summary>
    public Geometry? Parse(JsonElement element, out string? code, out string? reason)
    {
        HadZ = false;
        ClosedRing = false;
        try
        {
            code = null;
            reason = null;
            return ParseGeometry(element);
        }
        catch (GeometryFormatException e)
        {
            code = e.Code;
            reason = e.Message;
            return null;
        }
    }

    /// <summary>
    /// The common case straight from the tokens, the reader on a geometry object's start: <c>{"type":"Point",
    /// "coordinates":[x, y, …]}</c>, type first, finite numbers. Null (the reader left anywhere) for anything else, which
    /// <see cref="Parse"/> then reads with its rules and messages.
    /// </summary>
    public Point? TryParsePoint(ref Utf8JsonReader reader)
    {
        HadZ = false;
        ClosedRing = false;
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("type"u8)) return null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("Point"u8)) return null;
        Point? point = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8)) return null; // a second type: the last one counts
            if (!reader.ValueTextEquals("coordinates"u8))
            {
                reader.Skip(); // a foreign member (bbox …), as Parse ignores it
                continue;
            }
            if (point is not null || !reader.Read() || reader.TokenType != JsonTokenType.StartArray) return null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var x)) return null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var y)) return null;
            // Further ordinates (z, m) are dropped unread, as Parse drops them.
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
                HadZ = true;
            }
            point = factory.CreatePoint(new Coordinate(x, y));
        }
        return reader.TokenType == JsonTokenType.EndObject ? point : null;
    }

    private Geometry ParseGeometry(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Invalid("the geometry is not a JSON object");
        if (!element.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            throw Invalid("the geometry has no type");
        var type = typeElement.GetString();
        if (type == "GeometryCollection")
        {
            if (!element.TryGetProperty("geometries", out var parts) || parts.ValueKind != JsonValueKind.Array)
                throw Invalid("the GeometryCollection has no geometries array");
            return factory.CreateGeometryCollection(parts.EnumerateArray().Select(ParseGeometry).ToArray());
        }
        if (!element.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array)
            throw Invalid($"the {type} has no coordinates array");
        return type switch
        {
            "Point" => c.GetArrayLength() == 0 ? factory.CreatePoint() : factory.CreatePoint(Position(c)),
            "MultiPoint" => factory.CreateMultiPoint(Array(c).Select(p => factory.CreatePoint(Position(p))).ToArray()),
            "LineString" => Line(c),
            "MultiLineString" => factory.CreateMultiLineString(Array(c).Select(Line).ToArray()),
            "Polygon" => Polygon(c),
            "MultiPolygon" => factory.CreateMultiPolygon(Array(c).Select(Polygon).ToArray()),
            _ => throw Invalid($"'{type}' is not a GeoJSON geometry type"),
        };
    }

    private static IEnumerable<JsonElement> Array(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray() : throw Invalid("coordinates are not nested arrays as the geometry type needs");

    private Coordinate Position(JsonElement p)
    {
        if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() < 2)
            throw Invalid("a position is not an array of at least two numbers");
        var n = p.GetArrayLength();
        if (n > 2) HadZ = true;
        return new Coordinate(Number(p[0]), Number(p[1]));
    }

    private static double Number(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Number)
        {
            if (e.ValueKind == JsonValueKind.String && e.GetString() is "NaN" or "Infinity" or "-Infinity")
                throw new GeometryFormatException(ErrorCodes.NonFiniteCoordinate, $"a coordinate is {e.GetString()}");
            throw Invalid($"a coordinate is {Describe(e)}, not a number");
        }
        // System.Text.Json refuses numbers that overflow a double (1e999) rather than returning infinity.
        if (!e.TryGetDouble(out var value))
            throw new GeometryFormatException(ErrorCodes.NonFiniteCoordinate, $"the coordinate {e.GetRawText()} is not a finite number");
        return value;
    }

    private LineString Line(JsonElement c)
    {
        var points = Array(c).Select(Position).ToArray();
        if (points.Length == 1) throw Invalid("a line has only one position; it needs at least two");
        return factory.CreateLineString(points);
    }

    private Polygon Polygon(JsonElement c)
    {
        var rings = Array(c).Select(Ring).ToArray();
        if (rings.Length == 0) return factory.CreatePolygon();
        return factory.CreatePolygon(rings[0], rings[1..]);
    }

    private LinearRing Ring(JsonElement c)
    {
        var points = Array(c).Select(Position).ToList();
        if (points.Count == 0) throw Invalid("a polygon ring is empty");
        if (!points[0].Equals2D(points[^1]))
        {
            if (!repair)
                throw new GeometryFormatException(ErrorCodes.UnclosedRing,
                    $"a polygon ring is not closed: it starts at {Show(points[0])} and ends at {Show(points[^1])}");
            points.Add(points[0].Copy());
            ClosedRing = true;
        }
        if (points.Count < 4) throw Invalid($"a polygon ring has {points.Count} positions; a ring needs at least 4 (3 corners and the first again)");
        return factory.CreateLinearRing(points.ToArray());
    }

    private static string Show(Coordinate c) => new ProblemLocation(c.X, c.Y).ToString();

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"the text \"{Truncate(e.GetString() ?? "")}\"",
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;

    private static GeometryFormatException Invalid(string reason) => new(ErrorCodes.InvalidGeometry, reason);
}

/// <summary>Thrown inside the parsers for one feature's geometry; caught per feature and turned into a problem.</summary>
internal sealed class GeometryFormatException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
