using System.Text.Json;
using DivideMapper.Formats.Writers;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Parquet;
using static DivideMapper.Testing.GeoFiles;

namespace DivideMapper.Formats.Tests.Writers;

public class GeoParquetWriterTests
{
    private static readonly FeatureSchema Schema = new(
        new FeatureColumn("id", ColumnType.Integer), new FeatureColumn("name", ColumnType.Text),
        new FeatureColumn("share", ColumnType.Real, Decimals: 3), new FeatureColumn("ok", ColumnType.Boolean));

    private static async Task<(ParquetReader Reader, MemoryStream Bytes)> WriteAsync(IEnumerable<FeatureRow> rows, GeoParquetWriteOptions? options = null)
    {
        var stream = new MemoryStream();
        await GeoParquetWriter.WriteAsync(stream, Schema, rows.ToAsyncEnumerable(), options);
        var bytes = new MemoryStream(stream.ToArray());
        return (await ParquetReader.CreateAsync(bytes), bytes);
    }

    [Fact]
    public async Task RowsAttributesAndGeometriesReadBackInRowGroupsOfTheGivenSize()
    {
        var rows = Enumerable.Range(0, 25).Select(i => new FeatureRow(
            G($"POLYGON (({i} 0, {i} 1, {i + 1} 1, {i + 1} 0, {i} 0))"), // clockwise on purpose
            [i, i % 5 == 0 ? null : $"S{i}", i / 10.0, i % 2 == 0])).ToList();
        var (reader, _) = await WriteAsync(rows, new GeoParquetWriteOptions { RowGroupSize = 10 });
        await using var _r = reader;
        Assert.Equal(3, reader.RowGroupCount);
        Assert.Equal(25, reader.RowGroups.Sum(g => g.RowCount));

        var fields = reader.Schema.GetDataFields();
        Assert.Equal(["id", "name", "share", "ok", "geometry"], fields.Select(f => f.Name));
        using var last = reader.OpenRowGroupReader(2);
        var ids = new long?[5];
        await last.ReadAsync<long>(fields[0], ids.AsMemory());
        Assert.Equal([20L, 21, 22, 23, 24], ids.Select(v => v!.Value));
        var names = new string?[5];
        await last.ReadAsync(fields[1], names.AsMemory()!);
        Assert.Equal(new string?[] { null, "S21", "S22", "S23", "S24" }, names.AsEnumerable());
        var wkb = new byte[]?[5];
        await last.ReadAsync(fields[4], wkb.AsMemory()!);
        var polygon = (Polygon)new WKBReader().Read(wkb[0]!);
        Assert.True(polygon.EqualsTopologically(rows[20].Geometry!));
        Assert.True(Orientation.IsCCW(polygon.Shell.CoordinateSequence));
    }

    [Fact]
    public async Task GeoMetadataFollowsGeoParquet11()
    {
        var (reader, _) = await WriteAsync(
        [
            new(G("POLYGON ((1 2, 3 2, 3 4, 1 2))"), [1, "a", 0.5, true]),
            new(G("MULTIPOLYGON (((-5 -6, -4 -6, -4 -5, -5 -6)))"), [2, "b", null, null]),
            new(null, [3, "no geometry", null, false]),
        ], new GeoParquetWriteOptions { Metadata = new Dictionary<string, string> { ["dividemapper"] = "{\"run\":1}" } });
        await using var _r = reader;
        using var geo = JsonDocument.Parse(reader.CustomMetadata[GeoParquetWriter.GeoMetadataKey]);
        var root = geo.RootElement;
        Assert.Equal("1.1.0", root.GetProperty("version").GetString());
        Assert.Equal("geometry", root.GetProperty("primary_column").GetString());
        var column = root.GetProperty("columns").GetProperty("geometry");
        Assert.Equal("WKB", column.GetProperty("encoding").GetString());
        Assert.Equal(["MultiPolygon", "Polygon"], column.GetProperty("geometry_types").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([-5.0, -6, 3, 4], column.GetProperty("bbox").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal("counterclockwise", column.GetProperty("orientation").GetString());
        Assert.Equal("{\"run\":1}", reader.CustomMetadata["dividemapper"]);
    }

    [Fact]
    public async Task AnEmptyLayerStillHasItsSchemaAndMetadata()
    {
        var (reader, _) = await WriteAsync([]);
        await using var _r = reader;
        Assert.Equal(0, reader.RowGroups.Sum(g => g.RowCount));
        Assert.Equal(5, reader.Schema.GetDataFields().Length);
        using var geo = JsonDocument.Parse(reader.CustomMetadata[GeoParquetWriter.GeoMetadataKey]);
        Assert.Empty(geo.RootElement.GetProperty("columns").GetProperty("geometry").GetProperty("geometry_types").EnumerateArray());
    }

    [Fact]
    public async Task AColumnNamedLikeTheGeometryIsRefused()
    {
        var schema = new FeatureSchema(new FeatureColumn("geometry", ColumnType.Text));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            GeoParquetWriter.WriteAsync(new MemoryStream(), schema, AsyncEnumerable.Empty<FeatureRow>()));
    }
}
