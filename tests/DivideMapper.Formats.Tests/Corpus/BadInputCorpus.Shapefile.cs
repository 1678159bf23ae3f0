using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;
using static DivideMapper.Formats.Tests.Corpus.TestFiles;

namespace DivideMapper.Formats.Tests.Corpus;

public static partial class BadInputCorpus
{
    private static readonly Shape[] TwoSquares = [Shape.Square(36.8, -1.3, 0.01), Shape.Square(36.82, -1.3, 0.01)];
    private static readonly string?[][] TwoNames = [["A"], ["B"]];

    /// <summary>A shapefile set written into the folder, then changed by <paramref name="spoil"/> (given the .shp path).</summary>
    private static BadInput Shapefile(string name, DatasetRole role, string code, int shapeType, IReadOnlyList<Shape> shapes, string[] fields,
        IReadOnlyList<string?[]> records, Action<string>? spoil = null, string? prj = Wgs84Prj, string? cpg = null, Encoding? encoding = null,
        Func<ImportOptions, ImportOptions>? configure = null) =>
        new(name, Options(role, configure), code, dir =>
        {
            var shp = WriteShapefile(dir, name, shapeType, shapes, fields, records, prj, cpg, encoding);
            spoil?.Invoke(shp);
            return shp;
        });

    private static BadInput ZipOf(string name, DatasetRole role, string code, Func<IEnumerable<(string, byte[])>> entries,
        Func<ImportOptions, ImportOptions>? configure = null) =>
        new(name, Options(role, configure), code, dir => Zip(Path.Combine(dir, name + ".zip"), entries()));

    private static IEnumerable<(string, byte[])> GoodSet(string stem)
    {
        var (shp, shx) = Shp(5, TwoSquares);
        return [(stem + ".shp", shp), (stem + ".shx", shx), (stem + ".dbf", Dbf(["name"], TwoNames)), (stem + ".prj", Encoding.ASCII.GetBytes(Wgs84Prj))];
    }

    private static void Patch(string path, Action<byte[]> change)
    {
        var bytes = File.ReadAllBytes(path);
        change(bytes);
        File.WriteAllBytes(path, bytes);
    }

    private static void Cut(string path, int keep)
    {
        using var f = new FileStream(path, FileMode.Open);
        f.SetLength(keep);
    }

    private static string Sibling(string shp, string ext) => Path.ChangeExtension(shp, ext);

    private static IEnumerable<BadInput> Shapefiles()
    {
        const DatasetRole S = DatasetRole.Settlements;

        // Hostile archives.
        yield return ZipOf("zip-traversal", S, ErrorCodes.UnsafeZipEntry, () => [.. GoodSet("a"), ("../evil.shp", [1, 2, 3])]);
        yield return ZipOf("zip-absolute-path", S, ErrorCodes.UnsafeZipEntry, () => [.. GoodSet("a"), ("/tmp/evil.shp", [1, 2, 3])]);
        yield return ZipOf("zip-drive-letter", S, ErrorCodes.UnsafeZipEntry, () => [.. GoodSet("a"), ("C:/evil.dbf", [1, 2, 3])]);
        yield return ZipOf("zip-nested-traversal", S, ErrorCodes.UnsafeZipEntry, () => [.. GoodSet("a"), ("data/../../evil.prj", [1])]);
        yield return ZipOf("zip-backslash-traversal", S, ErrorCodes.UnsafeZipEntry, () => [.. GoodSet("a"), ("..\\..\\evil.shp", [1])]);
        yield return new("zip-bomb-ratio", Options(S), ErrorCodes.ZipBomb, dir =>
        {
            var path = Path.Combine(dir, "bomb.zip");
            using var stream = File.Create(path);
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
            foreach (var (n, b) in GoodSet("a")) using (var s = zip.CreateEntry(n).Open()) s.Write(b);
            using var bomb = zip.CreateEntry("a.dbf.shp", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 200; i++) bomb.Write(zeros); // 200 MB of zeros, about 200 KB packed
            return path;
        });
        yield return ZipOf("zip-bomb-total", S, ErrorCodes.ZipBomb, () => GoodSet("a"), o => o with { Limits = o.Limits with { MaxInflatedBytes = 300 } });
        yield return ZipOf("zip-too-many-entries", S, ErrorCodes.ZipBomb,
            () => Enumerable.Range(0, 1_001).Select(i => ($"f{i}.txt", new byte[] { 1 })));
        yield return ZipOf("zip-without-shapefile", S, ErrorCodes.UnsupportedFormat, () => [("readme.md", Encoding.UTF8.GetBytes("hello"))]);
        yield return ZipOf("zip-empty", S, ErrorCodes.UnsupportedFormat, () => []);
        yield return ZipOf("zip-of-zip", S, ErrorCodes.UnsupportedFormat, () => [("inner.geojson", ZipBytes(GoodSet("inner")))]);
        yield return ZipOf("zip-garbage-shapefile", S, ErrorCodes.UnreadableFile,
            () => [("a.shp", Encoding.ASCII.GetBytes("this is not a shapefile at all, just text")), ("a.dbf", Dbf(["name"], TwoNames))]);
        yield return new("zip-truncated", Options(S), ErrorCodes.UnreadableFile, dir =>
        {
            var path = Zip(Path.Combine(dir, "cut.zip"), GoodSet("a"));
            Cut(path, (int)new FileInfo(path).Length / 2);
            return path;
        });

        // Broken .shp framing.
        yield return Shapefile("shp-truncated-record", S, ErrorCodes.UnreadableFile, 5, TwoSquares, ["name"], TwoNames,
            shp => { Cut(shp, (int)new FileInfo(shp).Length - 20); Patch(shp, b => BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(24), b.Length / 2)); });
        yield return Shapefile("shp-header-longer-than-file", S, ErrorCodes.UnreadableFile, 5, TwoSquares, ["name"], TwoNames,
            shp => Patch(shp, b => BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(24), b.Length)));
        yield return Shapefile("shp-wrong-magic", S, ErrorCodes.UnreadableFile, 5, TwoSquares, ["name"], TwoNames,
            shp => Patch(shp, b => BinaryPrimitives.WriteInt32BigEndian(b, 1234)));
        yield return Shapefile("shp-huge-point-count", S, ErrorCodes.UnreadableFile, 5, TwoSquares, ["name"], TwoNames,
            shp => Patch(shp, b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(100 + 8 + 40), int.MaxValue)));
        yield return Shapefile("shp-negative-part-count", S, ErrorCodes.UnreadableFile, 5, TwoSquares, ["name"], TwoNames,
            shp => Patch(shp, b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(100 + 8 + 36), -7)));
        yield return Shapefile("shp-record-type-mismatch", S, ErrorCodes.UnreadableFile, 5, TwoSquares, ["name"], TwoNames,
            shp => Patch(shp, b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(100 + 8), 1)));
        yield return Shapefile("shp-multipatch", S, ErrorCodes.UnreadableFile, 5, TwoSquares, ["name"], TwoNames,
            shp => Patch(shp, b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(32), 31)));
        yield return Shapefile("shp-header-only-cut", S, ErrorCodes.UnreadableFile, 5, TwoSquares, ["name"], TwoNames, shp => Cut(shp, 60));

        // .dbf against .shp.
        yield return Shapefile("dbf-more-records-than-shp", S, ErrorCodes.MismatchedRecordCount, 5, TwoSquares, ["name"], [["A"], ["B"], ["C"]]);
        yield return Shapefile("shp-more-records-than-dbf", S, ErrorCodes.MismatchedRecordCount, 5, TwoSquares, ["name"], [["A"]]);
        yield return Shapefile("dbf-truncated", S, ErrorCodes.UnreadableFile, 5, TwoSquares, ["name"], TwoNames,
            shp => Cut(Sibling(shp, ".dbf"), 33 + 32 + 30));
        yield return Shapefile("dbf-bad-version", S, ErrorCodes.UnreadableFile, 5, TwoSquares, ["name"], TwoNames,
            shp => Patch(Sibling(shp, ".dbf"), b => b[0] = 0x42));
        yield return Shapefile("dbf-header-size-beyond-file", S, ErrorCodes.UnreadableFile, 5, TwoSquares, ["name"], TwoNames,
            shp => Patch(Sibling(shp, ".dbf"), b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8), 60000)));
        yield return new("dbf-all-deleted-many", Options(DatasetRole.Facilities, Kind), ErrorCodes.NoFeatures, dir =>
        {
            const int n = 200_000;
            var shp = Path.Combine(dir, "deleted.shp");
            File.WriteAllBytes(shp, Shp(1, Enumerable.Range(0, n).Select(i => Shape.At(36.8, -1.3)).ToArray()).Shp);
            File.WriteAllBytes(Sibling(shp, ".dbf"), Dbf(["kind"], Enumerable.Range(0, n).Select(_ => new string?[] { "school" }).ToArray(), deleted: _ => true));
            return shp;
        });
        yield return new("dbf-deleted-many-count-mismatch", Options(DatasetRole.Facilities, Kind), ErrorCodes.MismatchedRecordCount, dir =>
        {
            const int n = 150_000;
            var shp = Path.Combine(dir, "deleted2.shp");
            File.WriteAllBytes(shp, Shp(1, [Shape.At(36.8, -1.3)]).Shp);
            File.WriteAllBytes(Sibling(shp, ".dbf"), Dbf(["kind"], Enumerable.Range(0, n).Select(_ => new string?[] { "school" }).ToArray(), deleted: i => i > 0));
            return shp;
        });
        yield return Shapefile("dbf-cpg-utf8-but-latin1", DatasetRole.Facilities, ErrorCodes.Encoding, 1, [Shape.At(36.8, -1.3)], ["kind", "name"],
            [["school", "École Sénégal"]], cpg: "UTF-8", encoding: Encoding.Latin1);

        // CRS.
        yield return Shapefile("prj-garbage", S, ErrorCodes.UnknownCrs, 5, TwoSquares, ["name"], TwoNames, prj: "this is not a projection");
        yield return Shapefile("prj-unknown-projection", S, ErrorCodes.UnknownCrs, 5, TwoSquares, ["name"], TwoNames,
            prj: "PROJCS[\"Mystery\",GEOGCS[\"GCS_Mystery\",DATUM[\"D_Mystery\",SPHEROID[\"Mystery\",6000000.0,300.0]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Bogus_Projection\"],PARAMETER[\"False_Easting\",0.0],UNIT[\"Meter\",1.0]]");
        yield return Shapefile("utm-shapefile-without-prj", S, ErrorCodes.OutOfRangeCoordinate, 5,
            [Shape.Square(257000, 9857000, 500)], ["name"], [["A"]], prj: null);
        yield return Shapefile("shapefile-swapped-axes", DatasetRole.Facilities, ErrorCodes.PossiblySwappedAxes, 1, [Shape.At(-6.2, 106.8)], ["kind"], [["school"]]);
        yield return Shapefile("shapefile-nan-point", DatasetRole.Facilities, ErrorCodes.NonFiniteCoordinate, 1, [Shape.At(double.NaN, -1.3)], ["kind"], [["school"]]);

        // Geometry and attributes.
        yield return Shapefile("shapefile-polyline-for-settlements", S, ErrorCodes.WrongGeometryType, 3,
            [Shape.Polygon([[36.8, -1.3], [36.9, -1.3]])], ["name"], [["A"]]);
        yield return Shapefile("shapefile-points-for-coverage", DatasetRole.Coverage, ErrorCodes.WrongGeometryType, 1, [Shape.At(36.8, -1.3)], ["tech"], [["4G"]]);
        yield return Shapefile("shapefile-bow-tie", S, ErrorCodes.SelfIntersection, 5,
            [Shape.Polygon([[36.8, -1.3], [36.81, -1.29], [36.81, -1.3], [36.8, -1.29], [36.8, -1.3]])], ["name"], [["A"]]);
        yield return Shapefile("shapefile-null-shape", S, ErrorCodes.EmptyGeometry, 5, [Shape.Square(36.8, -1.3, 0.01), Shape.Null], ["name"], TwoNames);
        yield return Shapefile("shapefile-coverage-without-tech", DatasetRole.Coverage, ErrorCodes.MissingAttribute, 5, TwoSquares, ["name"], TwoNames);
        yield return Shapefile("shapefile-duplicate-ids", S, ErrorCodes.DuplicateId, 5, TwoSquares, ["id", "name"], [["7", "A"], ["7", "B"]]);
    }
}
