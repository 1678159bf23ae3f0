using System.Text;
using System.Text.Json;
using DivideMapper.Formats.Writers;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using static DivideMapper.Testing.GeoFiles;

namespace DivideMapper.Formats.Tests.Writers;

public class GeoJsonFeatureWriterTests
{
    private static readonly FeatureSchema Schema = new(
        new FeatureColumn("id", ColumnType.Integer), new FeatureColumn("name", ColumnType.Text),
        new FeatureColumn("share", ColumnType.Real, Decimals: 3), new FeatureColumn("served", ColumnType.Boolean),
        new FeatureColumn("day", ColumnType.Date));

    private static async Task<byte[]> WriteAsync(IEnumerable<FeatureRow> rows, GeoJsonWriteOptions? options = null)
    {
        using var stream = new MemoryStream();
        await GeoJsonFeatureWriter.WriteAsync(stream, Schema, rows, options);
        return stream.ToArray();
    }

    [Fact]
    public async Task RoundTripsThroughTheNtsGeoJsonReader()
    {
        var polygon = G("POLYGON ((36.8 -1.3, 36.81 -1.3, 36.81 -1.29, 36.8 -1.29, 36.8 -1.3), (36.802 -1.298, 36.802 -1.296, 36.804 -1.296, 36.802 -1.298))");
        var bytes = await WriteAsync(
        [
            new(polygon, [1L, "Mũkũrũ – Kwa Njenga", 0.12345, true, new DateOnly(2024, 3, 31)]),
            new(G("POINT (36.82 -1.29)"), [2, null, double.NaN, null, null]),
        ], new GeoJsonWriteOptions { IdColumn = "id" });

        var features = ReadGeoJson(bytes);
        Assert.Equal(2, features.Count);
        Assert.True(features[0].Geometry.EqualsExact(polygon.Normalized(), 1e-9) || features[0].Geometry.Normalized().EqualsExact(polygon.Normalized(), 1e-9));
        Assert.Equal("Mũkũrũ – Kwa Njenga", Prop(features[0], "name"));
        Assert.Equal(0.123, Prop(features[0], "share"));
        Assert.Equal(true, Prop(features[0], "served"));
        Assert.Equal("2024-03-31", Prop(features[0], "day"));
        Assert.Null(Prop(features[1], "name"));
        Assert.Null(Prop(features[1], "share")); // NaN is not JSON: written as null

        using var doc = JsonDocument.Parse(bytes);
        var first = doc.RootElement.GetProperty("features")[0];
        Assert.Equal(1, first.GetProperty("id").GetInt64());
        Assert.Equal("FeatureCollection", doc.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task RingsFollowTheRightHandRule()
    {
        // Shell clockwise and hole counter-clockwise on input: RFC 7946 §3.1.6 wants the opposite.
        var polygon = G("POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))");
        var bytes = await WriteAsync([new(polygon, [1, "x", 0, false, null])]);
        var written = (Polygon)ReadGeoJson(bytes)[0].Geometry;
        Assert.True(Orientation.IsCCW(written.ExteriorRing.CoordinateSequence));
        Assert.False(Orientation.IsCCW(written.GetInteriorRingN(0).CoordinateSequence));
        Assert.True(written.EqualsTopologically(polygon));
    }

    [Fact]
    public async Task CoordinatesAreRoundedToTheRequestedDecimals()
    {
        var bytes = await WriteAsync([new(G("POINT (36.123456789123 -1.987654321987)"), [1, "p", 1.0, true, null])]);
        Assert.Contains("[36.1234568,-1.9876543]", Encoding.UTF8.GetString(bytes));
        bytes = await WriteAsync([new(G("POINT (36.123456789123 -1.987654321987)"), [1, "p", 1.0, true, null])],
            new GeoJsonWriteOptions { CoordinateDecimals = 4 });
        Assert.Contains("[36.1235,-1.9877]", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task EmptyOrMissingGeometryIsNullAndMetadataIsWrittenAsForeignMembers()
    {
        var bytes = await WriteAsync([new(null, [1, "a", 1, true, null]), new(G("POLYGON EMPTY"), [2, "b", 1, true, null])],
            new GeoJsonWriteOptions { Metadata = [new("license", "CC0-1.0")] });
        using var doc = JsonDocument.Parse(bytes);
        Assert.Equal("CC0-1.0", doc.RootElement.GetProperty("license").GetString());
        Assert.All(doc.RootElement.GetProperty("features").EnumerateArray(),
            f => Assert.Equal(JsonValueKind.Null, f.GetProperty("geometry").ValueKind));
    }

    [Fact]
    public async Task MultiGeometriesAndCollectionsRoundTrip()
    {
        var schema = new FeatureSchema(new FeatureColumn("n", ColumnType.Integer));
        string[] wkts =
        [
            "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
            "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))",
            "MULTIPOINT ((0 0), (1 1))",
            "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))",
        ];
        using var stream = new MemoryStream();
        await GeoJsonFeatureWriter.WriteAsync(stream, schema, wkts.Select((w, i) => new FeatureRow(G(w), [i])));
        var read = ReadGeoJson(stream.ToArray());
        for (var i = 0; i < wkts.Length; i++) Assert.True(read[i].Geometry.EqualsTopologically(G(wkts[i])), wkts[i]);
    }

    [Fact]
    public async Task StreamsLargeLayersInPieces()
    {
        var schema = new FeatureSchema(new FeatureColumn("n", ColumnType.Integer));
        var counting = new CountingStream();
        var rows = Enumerable.Range(0, 20_000).Select(i => new FeatureRow(G($"POINT ({i % 360 - 180} 0)"), [i]));
        await GeoJsonFeatureWriter.WriteAsync(counting, schema, rows);
        Assert.True(counting.Writes > 5, $"{counting.Writes} writes");
        Assert.Equal(20_000, ReadGeoJson(counting.Inner.ToArray()).Count);
    }

    [Fact]
    public async Task RejectsRowsOfTheWrongWidthAndUnknownIdColumns()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync([new(null, [1])]));
        await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync([], new GeoJsonWriteOptions { IdColumn = "nope" }));
    }

    private sealed class CountingStream : Stream
    {
        public MemoryStream Inner { get; } = new();
        public int Writes { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Inner.Length;
        public override long Position { get => Inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) { Writes++; Inner.Write(buffer, offset, count); }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            Inner.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
