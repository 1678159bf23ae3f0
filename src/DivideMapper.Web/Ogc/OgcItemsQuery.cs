using System.Globalization;
using DivideMapper.Core.Outcomes;
using DivideMapper.Data.Layers;
using DivideMapper.Data.Layers.Filtering;
using NetTopologySuite.Geometries;

namespace DivideMapper.Web.Ogc;

/// <summary>
/// The query of an items request (OGC API Features Parts 1–3), checked and turned into a
/// <see cref="FeaturePageRequest"/>: bbox (4 or 6 numbers) in bbox-crs, datetime (an instant, a date or an interval
/// with <c>..</c> for open ends), limit (default 100; above 10,000 it is served as 10,000, as Part 1 allows),
/// offset or cursor (the keyset the next links use), filter in CQL2-text, crs, run (results and gaps), f.
/// Anything else, or a value that does not parse, is a refusal that names the parameter — never a default.
/// </summary>
public sealed record OgcItemsQuery(FeaturePageRequest Request, OgcCrs Crs, long? RunId, string? Format)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 10_000;

    public static readonly string[] ItemsParameters =
        ["f", "limit", "offset", "cursor", "bbox", "bbox-crs", "crs", "datetime", "filter", "filter-lang", "filter-crs", "run"];

    /// <summary>Single items take only the output CRS, the run and the format.</summary>
    public static readonly string[] ItemParameters = ["f", "crs", "run"];

    public static Outcome<OgcItemsQuery> Parse(IQueryCollection query, LayerDefinition layer, LayerProject project, bool single)
    {
        var allowed = single ? ItemParameters : ItemsParameters;
        foreach (var name in query.Keys)
            if (!allowed.Contains(name, StringComparer.Ordinal))
                return Invalid($"Unknown parameter '{name}'. The parameters here are {string.Join(", ", allowed)}.");
        foreach (var (name, values) in query)
            if (values.Count > 1) return Invalid($"'{name}' is given {values.Count} times; give it once.");

        string? Value(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;

        var format = Value("f");
        if (format is not (null or "json" or "geojson" or "html")) return Invalid("f must be json, geojson or html.");
        if (OgcCrs.Find(Value("crs"), project.MetricSrid) is not { } crs)
            return Invalid($"crs '{Value("crs")}' is not offered; the CRSs are {Crses(project)}.");

        long? runId = null;
        if (Value("run") is { } run)
        {
            if (layer.Scope != LayerScope.Run) return Invalid($"run applies to the results and gaps collections, not {layer.Id}.");
            if (!long.TryParse(run, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return Invalid("run must be a run id (a positive integer).");
            runId = id;
        }
        var request = new FeaturePageRequest { OutputSrid = crs.Srid, CountMatched = !single };
        if (single) return new OgcItemsQuery(request, crs, runId, format);

        var limit = DefaultLimit;
        if (Value("limit") is { } l)
        {
            if (ParseLimit(l) is not { } asked) return Invalid("limit must be a positive integer (any above 10,000 is served as 10,000).");
            limit = asked;
        }
        request = request with { Limit = limit };

        if (Value("offset") is { } o)
        {
            if (!long.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)) return Invalid("offset must be an integer ≥ 0.");
            request = request with { Offset = offset };
        }
        if (Value("cursor") is { } c)
        {
            if (Value("offset") is not null) return Invalid("Give offset or cursor, not both.");
            if (!long.TryParse(c, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var after)) return Invalid("cursor must be the value of a next link.");
            request = request with { AfterId = after };
        }

        if (Value("bbox") is { } bbox)
        {
            if (OgcCrs.Find(Value("bbox-crs"), project.MetricSrid) is not { } bboxCrs)
                return Invalid($"bbox-crs '{Value("bbox-crs")}' is not offered; the CRSs are {Crses(project)}.");
            if (ParseBbox(bbox, bboxCrs) is not { } box)
                return Invalid("bbox must be 4 or 6 finite numbers (minx,miny,maxx,maxy in the axis order of bbox-crs) with min ≤ max; " +
                               "boxes across the antimeridian are not supported.");
            request = request with { Bbox = box, BboxSrid = bboxCrs.Srid };
        }
        else if (Value("bbox-crs") is not null) return Invalid("bbox-crs is given without a bbox.");

        if (Value("datetime") is { } datetime)
        {
            if (ParseInterval(datetime) is not { } interval)
                return Invalid("datetime must be an RFC 3339 instant or date, or an interval start/end with .. for an open end.");
            request = request with { HasDatetime = true, DatetimeStart = interval.Start, DatetimeEnd = interval.End };
        }

        if (Value("filter-lang") is { } lang && lang != "cql2-text") return Invalid("filter-lang must be cql2-text.");
        if (Value("filter-crs") is { } filterCrs && OgcCrs.Find(filterCrs, null) is not { Srid: 4326, LatitudeFirst: false })
            return Invalid("filter-crs must be CRS84 (filters here compare attributes only).");
        if (Value("filter") is { } filter)
        {
            try
            {
                request = request with { Filter = Cql2Compiler.Compile(layer, filter) };
            }
            catch (Cql2Exception e)
            {
                return new Refusal(ErrorCodes.InvalidFilter, e.Message);
            }
        }
        return new OgcItemsQuery(request, crs, runId, format);
    }

    /// <summary>
    /// A limit of digits only, at least 1, served as at most <see cref="MaxLimit"/> however many digits it has (Part 1
    /// §7.15.3 lets a server clamp it, and a client asking for "everything" with a huge number should get pages, not
    /// a 400); anything else — a sign, a fraction, a blank, zero — is no limit at all. Null for a refusal.
    /// </summary>
    internal static int? ParseLimit(string text)
    {
        if (text.Length == 0 || !text.All(char.IsAsciiDigit)) return null;
        var digits = text.TrimStart('0');
        if (digits.Length == 0) return null;
        return digits.Length > 5 ? MaxLimit : Math.Min(int.Parse(digits, CultureInfo.InvariantCulture), MaxLimit);
    }

    private static Refusal Invalid(string message) => new(ErrorCodes.InvalidParameter, message);

    private static string Crses(LayerProject project) => string.Join(", ", OgcCrs.Offered(project.MetricSrid).Select(c => c.Uri));

    private static Envelope? ParseBbox(string text, OgcCrs crs)
    {
        var parts = text.Split(',');
        if (parts.Length is not (4 or 6)) return null;
        var n = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out n[i]) || !double.IsFinite(n[i])) return null;
        var half = parts.Length / 2;
        var (minA, minB, maxA, maxB) = (n[0], n[1], n[half], n[half + 1]);
        var (minX, minY, maxX, maxY) = crs.LatitudeFirst ? (minB, minA, maxB, maxA) : (minA, minB, maxA, maxB);
        if (minX > maxX || minY > maxY) return null;
        if (crs.Srid == 4326 && (minX < -180 || maxX > 180 || minY < -90 || maxY > 90)) return null;
        return new Envelope(minX, maxX, minY, maxY);
    }

    private static (DateTimeOffset? Start, DateTimeOffset? End)? ParseInterval(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 1)
            return Instant(parts[0], end: false) is { } at ? (at, Instant(parts[0], end: true)) : null;
        if (parts.Length != 2) return null;
        DateTimeOffset? start = null, end = null;
        if (parts[0] is not (".." or ""))
            if (Instant(parts[0], end: false) is { } s) start = s; else return null;
        if (parts[1] is not (".." or ""))
            if (Instant(parts[1], end: true) is { } e) end = e; else return null;
        if (start is null && end is null) return null;
        return start > end ? null : (start, end);
    }

    /// <summary>An RFC 3339 date-time, or a date (its first or last instant, for the start or end of an interval).</summary>
    private static DateTimeOffset? Instant(string text, bool end)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var day = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return end ? day.AddDays(1).AddTicks(-1) : day;
        }
        return text.Length >= 20 && text[10] is 'T' or 't'
               && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : null;
    }
}
