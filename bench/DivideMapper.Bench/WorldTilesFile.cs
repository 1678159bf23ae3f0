using System.Globalization;
using DivideMapper.Core.Geo;
using ParquetSharp;

namespace DivideMapper.Bench;

/// <summary>
/// The world-wide workload of DESIGN §9's clip target (bench/world.sh): an Ookla-like quarter of mobile tiles — N
/// random distinct z16 tiles over the world's inhabited latitudes (56° S – 72° N, none within a degree of the city)
/// plus the W1 city's own tiles from its <c>speed_tiles_*.csv</c> — in Ookla's Parquet schema and row order, and the
/// same rows as CSV (WKT in <c>tile</c>, the quadkey quoted: text, as in Ookla's Shapefile) for ogr2ogr to turn into Ookla's other distribution, a zipped Shapefile.
/// Fixed seed: the same arguments write the same bytes.
/// </summary>
/// <remarks>
/// Schema as pyarrow reports Ookla's 2023-04-01 mobile file: quadkey string, tile string (WKT), tile_x/tile_y double
/// (tile centre, 4 decimals), avg_d_kbps/avg_u_kbps/avg_lat_ms int64, avg_lat_down_ms/avg_lat_up_ms int32 (null in
/// some rows), tests/devices int64, every column nullable. Rows ascend by quadkey, as Ookla's files do; the tile ring
/// starts at the north-west corner and runs clockwise with 15 significant digits, as Ookla writes it. Ookla's row-group
/// and page sizes are not published; the file is written by parquet-cpp (through ParquetSharp), the library under
/// pyarrow, with pyarrow's defaults: 1,048,576-row groups (here the default of --row-group), 1 MiB data pages,
/// dictionary encoding where it pays, Snappy, statistics. (Until 2026-12-07 it was written by Parquet.Net, which puts a
/// whole column chunk in one page: a reader then holds a 1M-row group's decompressed WKT page, ≈ 190 MB, at once.)
/// </remarks>
internal static class WorldTilesFile
{
    private const int Zoom = 16;
    // Strings are nullable (optional), as in pyarrow.
    private static Column[] Columns() =>
    [
        new Column<string>("quadkey"), new Column<string>("tile"), new Column<double?>("tile_x"), new Column<double?>("tile_y"),
        new Column<long?>("avg_d_kbps"), new Column<long?>("avg_u_kbps"), new Column<long?>("avg_lat_ms"),
        new Column<int?>("avg_lat_down_ms"), new Column<int?>("avg_lat_up_ms"), new Column<long?>("tests"), new Column<long?>("devices"),
    ];

    private sealed record Values(long Down, long Up, long Latency, int? LatencyDown, int? LatencyUp, long Tests, long Devices);

    /// <summary>Writes <paramref name="parquetPath"/> and <paramref name="csvPath"/>; returns the rows written (world + city).</summary>
    public static async Task<int> WriteAsync(int worldTiles, string cityTilesCsv, int rowGroupRows, int seed, bool shuffled,
        string parquetPath, string csvPath, CancellationToken ct)
    {
        var city = ReadCity(cityTilesCsv, seed);
        var cityBox = CityBox(city.Keys);
        var random = new Random(seed);
        var keys = new HashSet<ulong>(worldTiles + city.Count);
        foreach (var k in city.Keys) keys.Add(k);
        // Tiles where people live, roughly: uniform in longitude, latitudes 56° S – 72° N, none near the city so that
        // what the clip keeps is exactly the city's tiles.
        while (keys.Count < worldTiles + city.Count)
        {
            var lon = random.NextDouble() * 360 - 180;
            var lat = random.NextDouble() * 128 - 56;
            if (lon > cityBox.MinX - 1 && lon < cityBox.MaxX + 1 && lat > cityBox.MinY - 1 && lat < cityBox.MaxY + 1) continue;
            var (x, y) = Quadkey.ToTileXY(lon, lat, Zoom);
            keys.Add(Morton(x, y));
        }
        var order = keys.ToArray();
        Array.Sort(order); // quadkey order: the Morton code with y's bit above x's, most significant level first
        // The worst case for row-group skipping (not how Ookla's files come): every row group spans the world.
        if (shuffled) new Random(seed + 2).Shuffle(order);

        // parquet-cpp's defaults are pyarrow's (1 MiB pages, dictionary, statistics) but for the compression pyarrow sets.
        using var properties = new WriterPropertiesBuilder().Compression(Compression.Snappy).Build();
        using var writer = new ParquetFileWriter(parquetPath, Columns(), properties);
        await using var csv = new StreamWriter(csvPath, false, new System.Text.UTF8Encoding(false), 1 << 20);
        await csv.WriteLineAsync("quadkey,tile,tile_x,tile_y,avg_d_kbps,avg_u_kbps,avg_lat_ms,avg_lat_down_ms,avg_lat_up_ms,tests,devices");
        for (var start = 0; start < order.Length; start += rowGroupRows)
        {
            var n = Math.Min(rowGroupRows, order.Length - start);
            var quadkeys = new string[n];
            var tiles = new string[n];
            var tx = new double?[n];
            var ty = new double?[n];
            var d = new long?[n]; var u = new long?[n]; var l = new long?[n]; var ld = new int?[n]; var lu = new int?[n];
            var t = new long?[n]; var dev = new long?[n];
            for (var i = 0; i < n; i++)
            {
                var (x, y) = Unmorton(order[start + i]);
                quadkeys[i] = Quadkey.FromTileXY(x, y, Zoom);
                var e = Quadkey.TileEnvelope(x, y, Zoom);
                tiles[i] = Wkt(e.MinX, e.MinY, e.MaxX, e.MaxY);
                tx[i] = Math.Round((e.MinX + e.MaxX) / 2, 4);
                ty[i] = Math.Round((e.MinY + e.MaxY) / 2, 4);
                var v = city.TryGetValue(order[start + i], out var known) ? known : Random(random);
                (d[i], u[i], l[i], ld[i], lu[i], t[i], dev[i]) = (v.Down, v.Up, v.Latency, v.LatencyDown, v.LatencyUp, v.Tests, v.Devices);
                await csv.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"\"{quadkeys[i]}\",\"{tiles[i]}\",{tx[i]},{ty[i]},{v.Down},{v.Up},{v.Latency},{v.LatencyDown},{v.LatencyUp},{v.Tests},{v.Devices}"));
            }
            ct.ThrowIfCancellationRequested();
            using var group = writer.AppendRowGroup();
            Write(group, quadkeys);
            Write(group, tiles);
            Write(group, tx);
            Write(group, ty);
            Write(group, d);
            Write(group, u);
            Write(group, l);
            Write(group, ld);
            Write(group, lu);
            Write(group, t);
            Write(group, dev);
        }
        writer.Close();
        return order.Length;
    }

    private static void Write<T>(RowGroupWriter group, T[] values)
    {
        using var column = group.NextColumn().LogicalWriter<T>();
        column.WriteBatch(values);
    }

    /// <summary>Speeds and counts of a busy-ish mobile tile: a few tests, lognormal-ish speeds; 1 in 20 without the newer latency columns.</summary>
    private static Values Random(Random r)
    {
        var tests = 1 + (long)Math.Floor(-Math.Log(1 - r.NextDouble()) * 8);
        var devices = 1 + r.NextInt64(tests);
        var down = (long)(Math.Exp(9 + r.NextDouble() * 3.5));
        var up = (long)(down * (0.1 + r.NextDouble() * 0.4));
        var latency = 15 + r.NextInt64(120);
        var old = r.Next(20) == 0;
        return new Values(down, up, latency, old ? null : (int)(latency * 3 + r.Next(400)), old ? null : (int)(latency * 5 + r.Next(900)), tests, devices);
    }

    /// <summary>The city's tiles by Morton code, with their own values (the latency columns Ookla added later made up).</summary>
    private static Dictionary<ulong, Values> ReadCity(string path, int seed)
    {
        var r = new Random(seed + 1);
        var city = new Dictionary<ulong, Values>();
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',') ?? throw new InvalidDataException($"{path} is empty.");
        int Col(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidDataException($"{path} has no {name} column.");
        int q = Col("quadkey"), d = Col("avg_d_kbps"), u = Col("avg_u_kbps"), l = Col("avg_lat_ms"), t = Col("tests"), v = Col("devices");
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var f = line.Split(',');
            var (x, y, zoom) = Quadkey.ToTileXY(f[q]);
            if (zoom != Zoom) throw new InvalidDataException($"{path}: {f[q]} is not a z16 quadkey.");
            var latency = long.Parse(f[l], CultureInfo.InvariantCulture);
            city[Morton(x, y)] = new Values(long.Parse(f[d], CultureInfo.InvariantCulture), long.Parse(f[u], CultureInfo.InvariantCulture), latency,
                (int)(latency * 3 + r.Next(400)), (int)(latency * 5 + r.Next(900)), long.Parse(f[t], CultureInfo.InvariantCulture), long.Parse(f[v], CultureInfo.InvariantCulture));
        }
        if (city.Count == 0) throw new InvalidDataException($"{path} has no tiles.");
        return city;
    }

    private static NetTopologySuite.Geometries.Envelope CityBox(IEnumerable<ulong> keys)
    {
        var box = new NetTopologySuite.Geometries.Envelope();
        foreach (var k in keys)
        {
            var (x, y) = Unmorton(k);
            box.ExpandToInclude(Quadkey.TileEnvelope(x, y, Zoom));
        }
        return box;
    }

    /// <summary>Ookla's WKT of a tile: north-west corner first, clockwise, closed, 15 significant digits.</summary>
    private static string Wkt(double minX, double minY, double maxX, double maxY)
    {
        static string F(double v) => v.ToString("G15", CultureInfo.InvariantCulture);
        return $"POLYGON(({F(minX)} {F(maxY)}, {F(maxX)} {F(maxY)}, {F(maxX)} {F(minY)}, {F(minX)} {F(minY)}, {F(minX)} {F(maxY)}))";
    }

    /// <summary>Interleaves y's and x's bits (y higher): sorting the codes sorts the quadkeys.</summary>
    private static ulong Morton(int x, int y)
    {
        ulong code = 0;
        for (var b = Zoom - 1; b >= 0; b--) code = (code << 2) | ((ulong)(uint)((y >> b) & 1) << 1) | (uint)((x >> b) & 1);
        return code;
    }

    private static (int X, int Y) Unmorton(ulong code)
    {
        int x = 0, y = 0;
        for (var b = Zoom - 1; b >= 0; b--)
        {
            var digit = (int)(code >> (2 * b)) & 3;
            x = (x << 1) | (digit & 1);
            y = (y << 1) | (digit >> 1);
        }
        return (x, y);
    }
}
