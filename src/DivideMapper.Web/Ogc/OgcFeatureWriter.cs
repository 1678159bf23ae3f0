using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DivideMapper.Data.Layers;
using DivideMapper.Formats.Writers;
using NetTopologySuite.Geometries;

namespace DivideMapper.Web.Ogc;

/// <summary>
/// Writes items as GeoJSON (OGC API Features Part 1 §7.16): a FeatureCollection with <c>links</c>, <c>timeStamp</c>,
/// <c>numberMatched</c> and <c>numberReturned</c>, or one Feature. Features come from the shared GeoJSON writer, in
/// the requested CRS; for a CRS whose first axis is latitude (EPSG:4326) the axes are swapped, as Part 2 requires.
/// </summary>
public static class OgcFeatureWriter
{
    public const string GeoJson = "application/geo+json";

    /// <summary>
    /// Relaxed escaping, as every JSON answer of the app (<c>JsonDefaults</c>): links keep a raw <c>&amp;</c> and
    /// <c>+</c> instead of <c>\u0026</c> and <c>\u002B</c>, and names keep their letters. The HTML-safe default guards
    /// JSON pasted into a page; this is served as application/geo+json with nosniff, and the HTML encoding escapes
    /// for HTML itself (<see cref="OgcHtml"/>).
    /// </summary>
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static async Task WriteCollectionAsync(Stream output, LayerDefinition layer, FeaturePage page, OgcCrs crs,
        IReadOnlyList<OgcLink> links, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(output, Options);
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteString("timeStamp", DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"));
        if (page.NumberMatched is { } matched) json.WriteNumber("numberMatched", matched);
        json.WriteNumber("numberReturned", page.Features.Count);
        WriteLinks(json, links);
        json.WriteStartArray("features");
        var idIndex = layer.Schema.IndexOf(layer.IdName);
        foreach (var feature in page.Features)
        {
            GeoJsonFeatureWriter.WriteFeature(json, layer.Schema, InAxisOrder(feature.Row, crs), idIndex, Decimals(crs));
            if (json.BytesPending > 64 * 1024) await json.FlushAsync(ct);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    public static async Task WriteFeatureAsync(Stream output, LayerDefinition layer, LayerFeature feature, OgcCrs crs,
        IReadOnlyList<OgcLink> links, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(output, Options);
        json.WriteStartObject();
        GeoJsonFeatureWriter.WriteFeatureMembers(json, layer.Schema, InAxisOrder(feature.Row, crs), layer.Schema.IndexOf(layer.IdName), Decimals(crs));
        WriteLinks(json, links);
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    private static void WriteLinks(Utf8JsonWriter json, IReadOnlyList<OgcLink> links)
    {
        json.WritePropertyName("links");
        OgcLink.ToJson(links).WriteTo(json);
    }

    /// <summary>Degrees keep 7 decimals (≈ 1 cm); metres keep 3 (1 mm).</summary>
    private static int Decimals(OgcCrs crs) => crs.Srid == 4326 ? 7 : 3;

    private static FeatureRow InAxisOrder(FeatureRow row, OgcCrs crs)
    {
        if (!crs.LatitudeFirst || row.Geometry is null) return row;
        var swapped = row.Geometry.Copy();
        swapped.Apply(SwapAxes.Instance);
        return row with { Geometry = swapped };
    }

    private sealed class SwapAxes : IEntireCoordinateSequenceFilter
    {
        public static SwapAxes Instance { get; } = new();
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var x = seq.GetX(i);
                seq.SetX(i, seq.GetY(i));
                seq.SetY(i, x);
            }
        }
    }
}

/// <summary>A link of an OGC API document.</summary>
public sealed record OgcLink(string Href, string Rel, string Type, string? Title = null)
{
    /// <summary>The <c>links</c> array of every JSON document and feature collection.</summary>
    public static JsonArray ToJson(IEnumerable<OgcLink> links) => new([.. links.Select(l =>
    {
        var o = new JsonObject { ["href"] = l.Href, ["rel"] = l.Rel, ["type"] = l.Type };
        if (l.Title is not null) o["title"] = l.Title;
        return (JsonNode)o;
    })]);
}
