using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Gdal;
using DivideMapper.Formats.Import;
using static DivideMapper.Formats.Tests.Corpus.TestFiles;

namespace DivideMapper.Formats.Tests.Corpus;

public static partial class BadInputCorpus
{
    private const string CellHeader = "radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal\n";

    private static IEnumerable<BadInput> Csv()
    {
        const DatasetRole F = DatasetRole.Facilities;
        yield return Text("csv-no-coordinate-columns", F, ErrorCodes.NoGeometryColumn, "nocoords.csv", "name,kind\nA,school\n");
        yield return Text("csv-lon-not-number", F, ErrorCodes.InvalidValue, "lontext.csv", "lon,lat,kind\nabc,-1.3,school\n");
        yield return Text("csv-lat-nan", F, ErrorCodes.NonFiniteCoordinate, "latnan.csv", "lon,lat,kind\n36.8,NaN,school\n");
        yield return Text("csv-lon-infinity", F, ErrorCodes.NonFiniteCoordinate, "loninf.csv", "lon,lat,kind\nInfinity,-1.3,school\n");
        yield return Text("csv-out-of-range", F, ErrorCodes.OutOfRangeCoordinate, "range.csv", "lon,lat,kind\n200,95,school\n");
        yield return Text("csv-swapped-columns", F, ErrorCodes.PossiblySwappedAxes, "swapped.csv", "lat,lon,kind\n106.8,-6.2,school\n");
        yield return Text("csv-ragged-row", F, ErrorCodes.MalformedRecord, "ragged.csv", "lon,lat,kind\n36.8,-1.3,school\n36.9,-1.3\n");
        yield return Text("csv-wkt-garbage", DatasetRole.Settlements, ErrorCodes.InvalidGeometry, "wkt.csv", "name,wkt\nA,\"POLYGON((36.8 -1.3, 36.9\"\n");
        yield return Text("csv-wkt-bow-tie", DatasetRole.Settlements, ErrorCodes.SelfIntersection, "wktbow.csv",
            "name,wkt\nA,\"POLYGON((36.8 -1.3,36.81 -1.29,36.81 -1.3,36.8 -1.29,36.8 -1.3))\"\n");
        yield return Text("csv-wkt-unclosed", DatasetRole.Settlements, ErrorCodes.UnclosedRing, "wktopen.csv",
            "name,wkt\nA,\"POLYGON((36.8 -1.3,36.81 -1.3,36.81 -1.29,36.8 -1.29))\"\n");
        yield return Text("csv-header-only", F, ErrorCodes.NoFeatures, "header.csv", "lon,lat,kind\n");
        yield return Text("csv-empty-coordinates", F, ErrorCodes.EmptyGeometry, "blankcoords.csv", "lon,lat,kind\n,,school\n");
        yield return Text("csv-map-missing-lon", F, ErrorCodes.MissingAttribute, "maplon.csv", "lon,lat,kind\n36.8,-1.3,school\n",
            o => o with { Mapping = ImportOptions.ParseMapping(["lon=LONGITUDE_X"]) });
        yield return Text("csv-duplicate-ids", F, ErrorCodes.DuplicateId, "dupids.csv", "id,lon,lat,kind\n1,36.8,-1.3,school\n1,36.9,-1.3,clinic\n");
        yield return Text("csv-measurements-no-tests", DatasetRole.Measurements, ErrorCodes.MissingAttribute, "notests.csv", "lon,lat,down_kbps\n36.8,-1.3,1200\n");
        yield return Text("csv-ookla-bad-quadkey", DatasetRole.Measurements, ErrorCodes.InvalidValue, "qk.csv",
            "quadkey,avg_d_kbps,avg_u_kbps,avg_lat_ms,tests,devices\n12345,5000,1000,30,20,10\n");
        yield return Text("csv-ookla-quadkey-mismatch", DatasetRole.Measurements, ErrorCodes.QuadkeyMismatch, "qkwrong.csv",
            "quadkey,tile,avg_d_kbps,tests,devices\n" + DivideMapper.Core.Geo.Quadkey.ToQuadkey(36.8219, -1.2921, 16) +
            ",\"POLYGON((10 10,10.01 10,10.01 10.01,10 10.01,10 10))\",5000,20,10\n");
        yield return Text("csv-opencellid-unknown-radio", DatasetRole.Sites, ErrorCodes.InvalidValue, "radio.csv",
            CellHeader + "XG,639,2,100,2001,0,36.82,-1.29,1500,12,1,1459697358,1459697358,0\n");
        yield return Text("csv-opencellid-lon-500", DatasetRole.Sites, ErrorCodes.OutOfRangeCoordinate, "lon500.csv",
            CellHeader + "LTE,639,2,100,2001,0,500,-1.29,1500,12,1,1459697358,1459697358,0\n");
        yield return Text("csv-opencellid-negative-range", DatasetRole.Sites, ErrorCodes.InvalidValue, "negrange.csv",
            CellHeader + "LTE,639,2,100,2001,0,36.82,-1.29,-5,12,1,1459697358,1459697358,0\n");
        yield return Text("csv-opencellid-duplicate-cell", DatasetRole.Sites, ErrorCodes.DuplicateId, "dupcell.csv",
            CellHeader + "LTE,639,2,100,2001,0,36.82,-1.29,100,12,1,1,1,0\nLTE,639,2,100,2001,0,36.83,-1.29,100,12,1,1,1,0\n");
        yield return Bytes("csv-binary-garbage", F, ErrorCodes.NoGeometryColumn, "binary.csv", () => [0x00, 0x01, 0x02, 0xFF, 0xFE, 0x0A, 0x00, 0x01]);
        yield return Text("csv-utm-without-srid", F, ErrorCodes.OutOfRangeCoordinate, "utm.csv", "x,y,kind\n257141,9857073,clinic\n");
        yield return Text("csv-srid-wrong-for-data", F, ErrorCodes.OutOfRangeCoordinate, "wrongsrid.csv", "x,y,kind\n1e12,1e12,clinic\n",
            o => o with { Srid = 3857 });
    }

    private static IEnumerable<BadInput> Gdal()
    {
        const DatasetRole S = DatasetRole.Settlements;
        yield return Bytes("gpkg-garbage-after-magic", S, ErrorCodes.UnreadableFile, "broken.gpkg",
            () => [.. "SQLite format 3\0"u8.ToArray(), .. Enumerable.Range(0, 4000).Select(i => (byte)(i * 7))]);
        yield return Bytes("fgb-garbage-after-magic", S, ErrorCodes.UnreadableFile, "broken.fgb",
            () => [.. "fgb\x03fgb\x01"u8.ToArray(), .. Enumerable.Range(0, 400).Select(i => (byte)(i * 13))]);
        yield return Text("kml-malformed", S, ErrorCodes.UnreadableFile, "broken.kml", "<?xml version=\"1.0\"?><kml><Document><Placemark><Polygon>");
        yield return Text("kml-that-is-a-vrt", S, ErrorCodes.UnreadableFile, "sneaky.kml",
            "<OGRVRTDataSource><OGRVRTLayer name=\"x\"><SrcDataSource>/etc/passwd</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>");
        yield return Text("kml-line-for-settlements", S, ErrorCodes.WrongGeometryType, "line.kml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document><Placemark><name>road</name>" +
            "<LineString><coordinates>36.8,-1.3 36.9,-1.3</coordinates></LineString></Placemark></Document></kml>");
        yield return new("gpkg-bow-tie-in-utm", Options(S), ErrorCodes.SelfIntersection, dir =>
        {
            var source = Path.Combine(dir, "bowtie-src.geojson");
            File.WriteAllText(source, FeatureCollection([(
                """{"type":"Polygon","coordinates":[[[257000,9857000],[257500,9857500],[257500,9857000],[257000,9857500],[257000,9857000]]]}""",
                """{"name":"A"}""")], "urn:ogc:def:crs:EPSG::32737"));
            var target = Path.Combine(dir, "bowtie.gpkg");
            var result = GdalAdapter.RunAsync(GdalAdapter.Ogr2OgrPath, ["-f", "GPKG", target, source], TimeSpan.FromMinutes(1), CancellationToken.None)
                .GetAwaiter().GetResult();
            if (!result.Succeeded) throw new InvalidOperationException("ogr2ogr failed: " + result.StandardError);
            File.Delete(source);
            return target;
        });
    }
}
