using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;

namespace DivideMapper.Formats.Tests.Corpus;

/// <summary>
/// One hostile or broken input: the options it is imported with (role included), the problem code it must be
/// rejected with, and a writer that creates it in a folder and returns the path to import.
/// </summary>
public sealed record BadInput(string Name, ImportOptions Options, string ExpectedCode, Func<string, string> Write)
{
    public DatasetRole Role => Options.Role;
    public override string ToString() => Name;
}

/// <summary>
/// The corpus of bad inputs every import path must reject with a clear problem, without crashing and without
/// storing a row. Files are generated (nothing binary is committed); the 50 MB garbage files and the zip bombs are
/// made when written. Other test projects can reuse it: link this folder's .cs files
/// (<c>&lt;Compile Include="..\DivideMapper.Formats.Tests\Corpus\*.cs" LinkBase="Corpus" /&gt;</c>) or reference this project.
/// </summary>
public static partial class BadInputCorpus
{
    /// <summary>Every bad input, with unique names.</summary>
    public static IReadOnlyList<BadInput> All => LazyAll.Value;

    // Lazy: the writers use static fields of the other partial files, initialised in no guaranteed order.
    private static readonly Lazy<IReadOnlyList<BadInput>> LazyAll = new(() => [.. GeoJson(), .. Shapefiles(), .. Csv(), .. Gdal(), .. Generic()]);

    public static BadInput Get(string name) => All.Single(b => b.Name == name);

    private static ImportOptions Options(DatasetRole role, Func<ImportOptions, ImportOptions>? configure = null)
    {
        var options = new ImportOptions { Role = role };
        return configure is null ? options : configure(options);
    }

    private static BadInput Text(string name, DatasetRole role, string code, string fileName, string content,
        Func<ImportOptions, ImportOptions>? configure = null) =>
        new(name, Options(role, configure), code, dir =>
        {
            var path = Path.Combine(dir, fileName);
            File.WriteAllText(path, content);
            return path;
        });

    private static BadInput Bytes(string name, DatasetRole role, string code, string fileName, Func<byte[]> content,
        Func<ImportOptions, ImportOptions>? configure = null) =>
        new(name, Options(role, configure), code, dir =>
        {
            var path = Path.Combine(dir, fileName);
            File.WriteAllBytes(path, content());
            return path;
        });

    private static IEnumerable<BadInput> Generic()
    {
        yield return new("missing-file", Options(DatasetRole.Settlements), ErrorCodes.UnreadableFile, dir => Path.Combine(dir, "not-there.geojson"));
        yield return Bytes("zero-bytes", DatasetRole.Settlements, ErrorCodes.UnreadableFile, "empty.geojson", () => []);
        yield return Text("too-large-for-limit", DatasetRole.Settlements, ErrorCodes.FileTooLarge, "big.geojson",
            TestFiles.FeatureCollection([(TestFiles.Square(36.8, -1.3, 0.01), "{}")]), o => o with { Limits = o.Limits with { MaxBytes = 100 } });
        yield return new("garbage-50mb-bin", Options(DatasetRole.Settlements), ErrorCodes.UnsupportedFormat, dir => Garbage(dir, "garbage.bin"));
        yield return new("garbage-50mb-geojson", Options(DatasetRole.Settlements), ErrorCodes.UnreadableFile, dir => Garbage(dir, "garbage.geojson"));
        yield return new("garbage-50mb-shp", Options(DatasetRole.Settlements), ErrorCodes.UnreadableFile, dir => Garbage(dir, "garbage.shp"));
        yield return Bytes("garbage-small-no-extension", DatasetRole.Sites, ErrorCodes.UnsupportedFormat, "upload", () => [0x00, 0xFF, 0x13, 0x37, 0x00]);
        yield return Bytes("parquet-empty-footer", DatasetRole.Measurements, ErrorCodes.UnreadableFile, "tiles.parquet",
            () => [.. "PAR1"u8.ToArray(), 0, 0, 0, 0, .. "PAR1"u8.ToArray()]);
        yield return Text("geojsonseq-broken", DatasetRole.Settlements, ErrorCodes.UnreadableFile, "seq.geojsonl", "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Poly\n");
        yield return Text("xml-not-geodata", DatasetRole.Sites, ErrorCodes.UnsupportedFormat, "page", "<html><body>hello</body></html>");
    }

    /// <summary>50 MB of seeded random bytes.</summary>
    private static string Garbage(string dir, string name)
    {
        var path = Path.Combine(dir, name);
        var random = new Random(4);
        var buffer = new byte[1 << 20];
        using var stream = File.Create(path);
        for (var i = 0; i < 50; i++)
        {
            random.NextBytes(buffer);
            if (i == 0 && name.EndsWith(".shp", StringComparison.Ordinal)) buffer.AsSpan(0, 4).Clear(); // not the 9994 code either
            stream.Write(buffer);
        }
        return path;
    }
}
