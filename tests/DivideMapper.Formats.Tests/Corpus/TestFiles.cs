using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace DivideMapper.Formats.Tests.Corpus;

/// <summary>
/// Small writers for test inputs, byte by byte so tests can also write broken files: shapefiles (.shp/.shx/.dbf),
/// zips with any entry names, GeoJSON and CSV text. Depends only on the BCL so other test projects can link it.
/// </summary>
public static class TestFiles
{
    public const string Utm37SPrj =
        "PROJCS[\"WGS_1984_UTM_Zone_37S\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",10000000.0],PARAMETER[\"Central_Meridian\",39.0],PARAMETER[\"Scale_Factor\",0.9996],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";

    public const string Wgs84Prj =
        "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

    /// <summary>A shape for <see cref="Shp"/>: null (no shape), a point, or polygon rings (each a closed list of x,y).</summary>
    public sealed record Shape(double[]? Point = null, double[][][]? Rings = null)
    {
        public static Shape Null { get; } = new();
        public static Shape At(double x, double y) => new([x, y]);
        public static Shape Polygon(params double[][][] rings) => new(Rings: rings);

        /// <summary>An axis-aligned square as a clockwise (shapefile outer) ring.</summary>
        public static Shape Square(double x, double y, double size) =>
            Polygon([[x, y], [x, y + size], [x + size, y + size], [x + size, y], [x, y]]);
    }

    /// <summary>Bytes of a .shp (shape type 1 points or 5 polygons) and its .shx.</summary>
    public static (byte[] Shp, byte[] Shx) Shp(int shapeType, IReadOnlyList<Shape> shapes)
    {
        var records = new List<byte[]>();
        foreach (var s in shapes)
        {
            using var ms = new MemoryStream();
            if (s.Point is null && s.Rings is null) WriteInt(ms, 0, little: true);
            else if (s.Point is { } p)
            {
                WriteInt(ms, 1, true);
                WriteDouble(ms, p[0]);
                WriteDouble(ms, p[1]);
            }
            else
            {
                var rings = s.Rings!;
                var points = rings.SelectMany(r => r).ToArray();
                WriteInt(ms, shapeType, true);
                foreach (var v in Bounds(points)) WriteDouble(ms, v);
                WriteInt(ms, rings.Length, true);
                WriteInt(ms, points.Length, true);
                var start = 0;
                foreach (var r in rings) { WriteInt(ms, start, true); start += r.Length; }
                foreach (var pt in points) { WriteDouble(ms, pt[0]); WriteDouble(ms, pt[1]); }
            }
            records.Add(ms.ToArray());
        }
        var all = shapes.SelectMany(s => s.Point is { } p ? [p] : s.Rings?.SelectMany(r => r) ?? []).ToArray();
        var box = all.Length == 0 ? [0.0, 0, 0, 0] : Bounds(all);
        var shpLength = 100 + records.Sum(r => 8 + r.Length);
        using var shp = new MemoryStream();
        using var shx = new MemoryStream();
        Header(shp, shapeType, shpLength, box);
        Header(shx, shapeType, 100 + 8 * records.Count, box);
        var offset = 100;
        for (var i = 0; i < records.Count; i++)
        {
            WriteInt(shp, i + 1, little: false);
            WriteInt(shp, records[i].Length / 2, little: false);
            shp.Write(records[i]);
            WriteInt(shx, offset / 2, little: false);
            WriteInt(shx, records[i].Length / 2, little: false);
            offset += 8 + records[i].Length;
        }
        return (shp.ToArray(), shx.ToArray());
    }

    /// <summary>Bytes of a dBASE III table of character fields (width 40); <paramref name="deleted"/> marks records '*'.</summary>
    public static byte[] Dbf(string[] fields, IReadOnlyList<string?[]> records, Encoding? encoding = null, byte languageDriver = 0,
        Func<int, bool>? deleted = null, int? declaredCount = null)
    {
        encoding ??= Encoding.UTF8;
        const int width = 40;
        var headerSize = 32 + 32 * fields.Length + 1;
        var recordSize = 1 + width * fields.Length;
        using var ms = new MemoryStream();
        var header = new byte[32];
        header[0] = 0x03;
        header[1] = 124; header[2] = 1; header[3] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)(declaredCount ?? records.Count));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)headerSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), (ushort)recordSize);
        header[29] = languageDriver;
        ms.Write(header);
        foreach (var f in fields)
        {
            var d = new byte[32];
            Encoding.ASCII.GetBytes(f.Length > 10 ? f[..10] : f).CopyTo(d, 0);
            d[11] = (byte)'C';
            d[16] = width;
            ms.Write(d);
        }
        ms.WriteByte(0x0D);
        for (var i = 0; i < records.Count; i++)
        {
            ms.WriteByte(deleted?.Invoke(i) == true ? (byte)'*' : (byte)' ');
            foreach (var value in records[i])
            {
                var cell = Enumerable.Repeat((byte)' ', width).ToArray();
                var bytes = encoding.GetBytes(value ?? "");
                bytes.AsSpan(0, Math.Min(bytes.Length, width)).CopyTo(cell);
                ms.Write(cell);
            }
        }
        ms.WriteByte(0x1A);
        return ms.ToArray();
    }

    /// <summary>Writes NAME.shp/.shx/.dbf (and .prj/.cpg when given) into <paramref name="dir"/>; returns the .shp path.</summary>
    public static string WriteShapefile(string dir, string name, int shapeType, IReadOnlyList<Shape> shapes, string[] fields,
        IReadOnlyList<string?[]> records, string? prj = null, string? cpg = null, Encoding? encoding = null, bool shx = true)
    {
        var (shpBytes, shxBytes) = Shp(shapeType, shapes);
        var path = Path.Combine(dir, name + ".shp");
        File.WriteAllBytes(path, shpBytes);
        if (shx) File.WriteAllBytes(Path.Combine(dir, name + ".shx"), shxBytes);
        File.WriteAllBytes(Path.Combine(dir, name + ".dbf"), Dbf(fields, records, encoding));
        if (prj is not null) File.WriteAllText(Path.Combine(dir, name + ".prj"), prj);
        if (cpg is not null) File.WriteAllText(Path.Combine(dir, name + ".cpg"), cpg);
        return path;
    }

    /// <summary>Zips the given entries (name → bytes) exactly as named, traversal names included.</summary>
    public static string Zip(string path, IEnumerable<(string Name, byte[] Bytes)> entries, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var stream = File.Create(path);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            var entry = zip.CreateEntry(name, level);
            using var s = entry.Open();
            s.Write(bytes);
        }
        return path;
    }

    /// <summary>A zip archive in memory.</summary>
    public static byte[] ZipBytes(IEnumerable<(string Name, byte[] Bytes)> entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in entries)
                using (var s = zip.CreateEntry(name).Open()) s.Write(bytes);
        return ms.ToArray();
    }

    /// <summary>Zips every file of a shapefile set written by <see cref="WriteShapefile"/>.</summary>
    public static string ZipSet(string shpPath, string zipPath) =>
        Zip(zipPath, Directory.EnumerateFiles(Path.GetDirectoryName(shpPath)!, Path.GetFileNameWithoutExtension(shpPath) + ".*")
            .Where(f => !f.EndsWith(".zip", StringComparison.Ordinal))
            .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))));

    /// <summary>A FeatureCollection of the given geometry JSON texts, each with properties JSON (or null) and an optional crs name.</summary>
    public static string FeatureCollection(IEnumerable<(string Geometry, string? Properties)> features, string? crs = null)
    {
        var sb = new StringBuilder("{\"type\":\"FeatureCollection\",");
        if (crs is not null) sb.Append("\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"").Append(crs).Append("\"}},");
        sb.Append("\"features\":[");
        sb.AppendJoin(',', features.Select(f => $"{{\"type\":\"Feature\",\"properties\":{f.Properties ?? "{}"},\"geometry\":{f.Geometry}}}"));
        return sb.Append("]}").ToString();
    }

    public static string Point(double x, double y) => FormattableString.Invariant($"{{\"type\":\"Point\",\"coordinates\":[{x},{y}]}}");

    public static string Square(double x, double y, double size) => FormattableString.Invariant(
        $"{{\"type\":\"Polygon\",\"coordinates\":[[[{x},{y}],[{x + size},{y}],[{x + size},{y + size}],[{x},{y + size}],[{x},{y}]]]}}");

    private static double[] Bounds(double[][] points) =>
        [points.Min(p => p[0]), points.Min(p => p[1]), points.Max(p => p[0]), points.Max(p => p[1])];

    private static void Header(Stream s, int shapeType, int byteLength, double[] box)
    {
        WriteInt(s, 9994, false);
        for (var i = 0; i < 5; i++) WriteInt(s, 0, false);
        WriteInt(s, byteLength / 2, false);
        WriteInt(s, 1000, true);
        WriteInt(s, shapeType, true);
        foreach (var v in box) WriteDouble(s, v);
        for (var i = 0; i < 4; i++) WriteDouble(s, 0);
    }

    private static void WriteInt(Stream s, int v, bool little)
    {
        Span<byte> b = stackalloc byte[4];
        if (little) BinaryPrimitives.WriteInt32LittleEndian(b, v); else BinaryPrimitives.WriteInt32BigEndian(b, v);
        s.Write(b);
    }

    private static void WriteDouble(Stream s, double v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(b, v);
        s.Write(b);
    }

    public static string Invariant(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
