using System.Text;
using System.Text.Json;
using DivideMapper.Core.Domain;
using DivideMapper.Formats.GeoJson;
using DivideMapper.Formats.Import;

namespace DivideMapper.Formats.Tests;

/// <summary>
/// <see cref="GeoJsonFeatureReader"/> reads the common shape of a feature straight from its tokens and leaves the rest
/// to <see cref="GeoJsonReader.ReadFeature"/> on a JsonDocument: either way a feature must come out as that reference
/// reads it — id, attributes in order, geometry, Z dropped, problems.
/// </summary>
public sealed class GeoJsonFeatureReaderTests
{
    public static TheoryData<string> Features => new()
    {
        """{"type":"Feature","id":7,"properties":{"a":1,"b":"x","c":2.5,"d":true,"e":null},"geometry":{"type":"Point","coordinates":[36.8,-1.3]}}""",
        """{"type":"Feature","id":"s-1","properties":{"a":1},"geometry":{"type":"Point","coordinates":[36.8,-1.3,1650]}}""",
        """{"type":"Feature","id":1.50e1,"properties":{"big":123456789012345678901234567890,"neg":-0.0},"geometry":{"type":"Point","coordinates":[36.8,-1.3]}}""",
        """{"geometry":{"coordinates":[36.8,-1.3],"type":"Point"},"properties":{"a":1},"type":"Feature"}""",
        """{"type":"Feature","properties":{"A":1,"a":2,"b":3},"geometry":{"type":"Point","bbox":[1,2,3,4],"coordinates":[36.8,-1.3]}}""",
        """{"type":"Feature","properties":{"caf\u00e9":"\u00e9t\u00e9","x\"y":"q"},"geometry":null}""",
        """{"type":"Feature","properties":{"nested":{"k":[1,2]},"list":[1,"a"]},"geometry":{"type":"Point","coordinates":[36.8,-1.3]}}""",
        """{"type":"Feature","properties":null,"geometry":{"type":"Point","coordinates":[]}}""",
        """{"type":"Feature","properties":["x"],"geometry":{"type":"Point","coordinates":[36.8]}}""",
        """{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":["36.8",-1.3]}}""",
        """{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1e999,-1.3]}}""",
        """{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":["NaN",-1.3]}}""",
        """{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}""",
        """{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}}""",
        """{"type":"Feature","properties":{},"geometry":"POINT (1 2)"}""",
        """{"type":"Feature","properties":{"a":1},"properties":{"b":2},"geometry":{"type":"Point","coordinates":[1,2],"coordinates":[3,4]}}""",
        """{"type":"Feature","type":"Other","properties":{"a":1}}""",
        """{"type":"feature","properties":{"a":1}}""",
        """{"type":"Feature","id":{"x":1},"properties":{"a":1},"foreign":{"deep":[1,[2]]}}""",
        """{"type":"Feature","id":null,"properties":{"a":1},"geometry":{"type":"Point","coordinates":[1,2,3,"m"]}}""",
        """["not","a","feature"]""",
        """ "text" """,
    };

    [Theory]
    [MemberData(nameof(Features))]
    public void AFeatureReadsAsTheJsonDocumentReadsIt(string json)
    {
        var expected = ReadWith(json, (bytes, parser, context, ref z) =>
        {
            using var document = JsonDocument.Parse(bytes);
            return GeoJsonReader.ReadFeature(document.RootElement, 3, parser, context, ref z);
        });
        var reader = new GeoJsonFeatureReader();
        var actual = ReadWith(json, (bytes, parser, context, ref z) => reader.Read(bytes, 3, parser, context, ref z));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void FeaturesWithTheSameNamesShareASchemaAndOthersGetTheirOwn()
    {
        var reader = new GeoJsonFeatureReader();
        var parser = new GeoJsonGeometryParser(Factories.Source, repair: false);
        var context = Context();
        var z = 0;
        SourceFeature Read(string properties) => reader.Read(Encoding.UTF8.GetBytes(
            $$"""{"type":"Feature","properties":{{properties}},"geometry":null}"""), 1, parser, context, ref z);

        var first = Read("""{"a":1,"b":2}""");
        var second = Read("""{"a":3,"b":4}""");
        var fewer = Read("""{"a":5}""");
        var renamed = Read("""{"a":6,"B":7}""");
        Assert.NotNull(first.Attributes.Schema);
        Assert.Same(first.Attributes.Schema, second.Attributes.Schema);
        Assert.NotSame(second.Attributes.Schema, fewer.Attributes.Schema);
        Assert.NotSame(first.Attributes.Schema, renamed.Attributes.Schema);
        Assert.Equal(["a"], fewer.Attributes.Keys);
        Assert.Equal(["a", "B"], renamed.Attributes.Keys);
        Assert.Equal(4L, second.Attributes["b"]);
        Assert.Equal(7L, renamed.Attributes["b"]);
    }

    private delegate SourceFeature Reading(byte[] bytes, GeoJsonGeometryParser parser, ReadContext context, ref int zDropped);

    /// <summary>Everything a reader can tell about one feature, as text.</summary>
    private static string ReadWith(string json, Reading read)
    {
        var parser = new GeoJsonGeometryParser(Factories.Source, repair: false);
        var context = Context();
        var z = 0;
        var f = read(Encoding.UTF8.GetBytes(json), parser, context, ref z);
        var attributes = string.Join(", ", f.Attributes.Select(kv => $"{kv.Key}={kv.Value?.GetType().Name}:{Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture)}"));
        var problems = string.Join(" | ", context.Problems.Listed.Select(p => $"{p.Code} {p.Message}"));
        return $"#{f.Index} id={f.Id ?? "(none)"} [{attributes}] geometry={f.Geometry?.AsText() ?? "(none)"} failed={f.GeometryFailed} z={z} problems={problems}";
    }

    private static ReadContext Context() =>
        new("t.geojson", new ImportOptions { Role = DatasetRole.Measurements }, new ProblemList("t.geojson", 100), Path.GetTempPath(), default);
}
