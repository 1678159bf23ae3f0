using System.Text;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;
using static DivideMapper.Formats.Tests.Corpus.TestFiles;

namespace DivideMapper.Formats.Tests.Corpus;

public static partial class BadInputCorpus
{
    private static string Fc(string geometry, string properties = "{}", string? crs = null) => FeatureCollection([(geometry, properties)], crs);

    private static string PolygonJson(string rings) => $$"""{"type":"Polygon","coordinates":{{rings}}}""";

    private static IEnumerable<BadInput> GeoJson()
    {
        const DatasetRole S = DatasetRole.Settlements;
        const DatasetRole F = DatasetRole.Facilities;
        var good = Square(36.8, -1.3, 0.01);
        var full = Fc(good);

        // Not GeoJSON at all, or cut short.
        yield return Text("geojson-truncated", S, ErrorCodes.UnreadableFile, "cut.geojson", full[..(full.Length / 2)]);
        yield return Text("geojson-empty-object", S, ErrorCodes.UnreadableFile, "empty.geojson", "{}");
        yield return Text("geojson-array-of-numbers", S, ErrorCodes.UnreadableFile, "numbers.json", "[1,2,3]");
        yield return Text("geojson-topojson", S, ErrorCodes.UnreadableFile, "topo.json", """{"type":"Topology","objects":{},"arcs":[]}""");
        yield return Text("geojson-no-features-member", S, ErrorCodes.UnreadableFile, "nofeatures.geojson", """{"type":"FeatureCollection"}""");
        yield return Text("geojson-features-not-array", S, ErrorCodes.UnreadableFile, "notarray.geojson", """{"type":"FeatureCollection","features":{}}""");
        yield return Text("geojson-trailing-garbage", S, ErrorCodes.UnreadableFile, "trailing.geojson", full + "}}garbage");
        yield return Text("geojson-nan-literal", F, ErrorCodes.UnreadableFile, "nanlit.geojson", Fc("""{"type":"Point","coordinates":[NaN,1]}"""));
        yield return Text("geojson-whitespace-only", S, ErrorCodes.UnreadableFile, "blank.geojson", "   \n\t  ");
        yield return Text("geojson-deeply-nested", S, ErrorCodes.UnreadableFile, "deep.geojson",
            "{\"type\":\"FeatureCollection\",\"features\":" + new string('[', 5000) + new string(']', 5000) + "}");
        yield return Bytes("geojson-utf16", S, ErrorCodes.UnreadableFile, "utf16.geojson", () => Encoding.Unicode.GetBytes(full));
        yield return Bytes("geojson-latin1-text", F, ErrorCodes.Encoding, "latin1.geojson",
            () => Encoding.Latin1.GetBytes(Fc(Point(36.8, -1.3), """{"kind":"école"}""")));
        yield return Text("geojson-unknown-type", S, ErrorCodes.UnreadableFile, "weird.geojson", """{"type":"Sphere","radius":1}""");
        yield return Text("geojson-feature-not-feature", S, ErrorCodes.MalformedRecord, "bare-in-list.geojson",
            """{"type":"FeatureCollection","features":[""" + good + "]}");

        // Coordinates that are not numbers, or not finite.
        yield return Text("geojson-overflow-coordinate", F, ErrorCodes.NonFiniteCoordinate, "overflow.geojson", Fc("""{"type":"Point","coordinates":[1e999,1]}"""), Kind);
        yield return Text("geojson-nan-string", F, ErrorCodes.NonFiniteCoordinate, "nan.geojson", Fc("""{"type":"Point","coordinates":["NaN",1]}"""), Kind);
        yield return Text("geojson-infinity-string", F, ErrorCodes.NonFiniteCoordinate, "inf.geojson", Fc("""{"type":"Point","coordinates":[1,"-Infinity"]}"""), Kind);
        yield return Text("geojson-text-coordinate", F, ErrorCodes.InvalidGeometry, "text.geojson", Fc("""{"type":"Point","coordinates":["abc",1]}"""), Kind);
        yield return Text("geojson-one-number-position", F, ErrorCodes.InvalidGeometry, "onenumber.geojson", Fc("""{"type":"Point","coordinates":[36.8]}"""), Kind);
        yield return Text("geojson-no-coordinates", S, ErrorCodes.InvalidGeometry, "nocoords.geojson", Fc("""{"type":"Polygon"}"""));
        yield return Text("geojson-circle-type", S, ErrorCodes.InvalidGeometry, "circle.geojson", Fc("""{"type":"Circle","coordinates":[36.8,-1.3],"radius":5}"""));

        // Rings and polygons.
        yield return Text("geojson-null-geometry", S, ErrorCodes.EmptyGeometry, "null.geojson", Fc("null"));
        yield return Text("geojson-empty-polygon", S, ErrorCodes.EmptyGeometry, "emptypoly.geojson", Fc(PolygonJson("[]")));
        yield return Text("geojson-empty-point", F, ErrorCodes.EmptyGeometry, "emptypoint.geojson", Fc("""{"type":"Point","coordinates":[]}"""), Kind);
        yield return Text("geojson-empty-ring", S, ErrorCodes.InvalidGeometry, "emptyring.geojson", Fc(PolygonJson("[[]]")));
        yield return Text("geojson-unclosed-ring", S, ErrorCodes.UnclosedRing, "unclosed.geojson",
            Fc(PolygonJson("[[[36.8,-1.3],[36.81,-1.3],[36.81,-1.29],[36.8,-1.29]]]")));
        yield return Text("geojson-two-point-ring", S, ErrorCodes.InvalidGeometry, "tworing.geojson",
            Fc(PolygonJson("[[[36.8,-1.3],[36.81,-1.3],[36.8,-1.3]]]")));
        yield return Text("geojson-bow-tie", S, ErrorCodes.SelfIntersection, "bowtie.geojson",
            Fc(PolygonJson("[[[36.8,-1.3],[36.81,-1.29],[36.81,-1.3],[36.8,-1.29],[36.8,-1.3]]]")));
        yield return Text("geojson-hole-outside-shell", S, ErrorCodes.InvalidGeometry, "hole.geojson",
            Fc(PolygonJson("[[[0,0],[1,0],[1,1],[0,1],[0,0]],[[5,5],[6,5],[6,6],[5,6],[5,5]]]")));
        yield return Text("geojson-overlapping-multipolygon", S, ErrorCodes.SelfIntersection, "overlap.geojson",
            Fc("""{"type":"MultiPolygon","coordinates":[[[[0,0],[2,0],[2,2],[0,2],[0,0]]],[[[1,1],[3,1],[3,3],[1,3],[1,1]]]]}"""));
        yield return Text("geojson-repeated-polygon", S, ErrorCodes.SelfIntersection, "repeat.geojson",
            Fc("""{"type":"MultiPolygon","coordinates":[[[[0,0],[2,0],[2,2],[0,2],[0,0]]],[[[0,0],[2,0],[2,2],[0,2],[0,0]]]]}"""));
        yield return Text("geojson-nested-shells", S, ErrorCodes.InvalidGeometry, "nested.geojson",
            Fc("""{"type":"MultiPolygon","coordinates":[[[[0,0],[4,0],[4,4],[0,4],[0,0]]],[[[1,1],[2,1],[2,2],[1,2],[1,1]]]]}"""));
        yield return Text("geojson-skip-invalid-all-bad", S, ErrorCodes.EmptyGeometry, "allbad.geojson",
            FeatureCollection([("null", "{}"), ("null", "{}")]), o => o with { SkipInvalid = true });

        // Wrong geometry type for the role.
        yield return Text("geojson-line-for-settlements", S, ErrorCodes.WrongGeometryType, "line.geojson",
            Fc("""{"type":"LineString","coordinates":[[36.8,-1.3],[36.9,-1.3]]}"""));
        yield return Text("geojson-point-for-coverage", DatasetRole.Coverage, ErrorCodes.WrongGeometryType, "pointcov.geojson",
            Fc(Point(36.8, -1.3), """{"tech":"4G"}"""));
        yield return Text("geojson-polygon-for-sites", DatasetRole.Sites, ErrorCodes.WrongGeometryType, "polysite.geojson", Fc(good, """{"tech":"4G"}"""));
        yield return Text("geojson-multipoint-of-two-for-facilities", F, ErrorCodes.WrongGeometryType, "mp.geojson",
            Fc("""{"type":"MultiPoint","coordinates":[[36.8,-1.3],[36.9,-1.3]]}""", """{"kind":"school"}"""));
        yield return Text("geojson-collection-for-settlements", S, ErrorCodes.WrongGeometryType, "gc.geojson",
            Fc("""{"type":"GeometryCollection","geometries":[""" + good + "]}"));
        yield return Text("geojson-line-for-measurements", DatasetRole.Measurements, ErrorCodes.WrongGeometryType, "linem.geojson",
            Fc("""{"type":"LineString","coordinates":[[36.8,-1.3],[36.9,-1.3]]}""", """{"down":1000,"tests":30}"""));

        // Coordinates off the globe, swapped, or in an undeclared CRS.
        yield return Text("geojson-longitude-200", F, ErrorCodes.OutOfRangeCoordinate, "lon200.geojson", Fc(Point(200, 95), """{"kind":"school"}"""));
        yield return Text("geojson-swapped-axes", F, ErrorCodes.PossiblySwappedAxes, "swapped.geojson", Fc(Point(-6.2, 106.8), """{"kind":"school"}"""));
        yield return Text("geojson-huge-coordinate", F, ErrorCodes.OutOfRangeCoordinate, "huge.geojson", Fc(Point(1e20, 1e20), """{"kind":"school"}"""));
        yield return Text("geojson-utm-without-crs", S, ErrorCodes.OutOfRangeCoordinate, "utm.geojson", Fc(Square(257000, 9857000, 500)));
        yield return Text("geojson-mercator-off-world", F, ErrorCodes.OutOfRangeCoordinate, "offworld.geojson",
            Fc(Point(1e9, 1e9), """{"kind":"school"}""", "EPSG:3857"));
        yield return Text("geojson-unknown-epsg", S, ErrorCodes.UnknownCrs, "epsg999999.geojson", Fc(good, "{}", "EPSG:999999"));
        yield return Text("geojson-unknown-crs-name", S, ErrorCodes.UnknownCrs, "foo.geojson", Fc(good, "{}", "urn:ogc:def:crs:FOO::1"));
        yield return Text("geojson-linked-crs", S, ErrorCodes.UnknownCrs, "linked.geojson",
            """{"type":"FeatureCollection","crs":{"type":"link","properties":{"href":"http://example.com/crs","type":"proj4"}},"features":[{"type":"Feature","properties":{},"geometry":""" + good + "}]}");
        yield return Text("geojson-srid-override-unknown", S, ErrorCodes.UnknownCrs, "srid.geojson", full, o => o with { Srid = 123456789 });

        // Attributes.
        yield return Text("geojson-duplicate-ids", F, ErrorCodes.DuplicateId, "dup.geojson",
            """{"type":"FeatureCollection","features":[""" +
            $$"""{"type":"Feature","id":"s1","properties":{"kind":"school"},"geometry":{{Point(36.8, -1.3)}}},""" +
            $$"""{"type":"Feature","id":"s1","properties":{"kind":"clinic"},"geometry":{{Point(36.9, -1.3)}}}]}""");
        yield return Text("geojson-coverage-without-tech", DatasetRole.Coverage, ErrorCodes.MissingAttribute, "notech.geojson", Fc(good, """{"operator":"X"}"""));
        yield return Text("geojson-coverage-6g", DatasetRole.Coverage, ErrorCodes.InvalidValue, "6g.geojson", Fc(good, """{"tech":"6G"}"""));
        yield return Text("geojson-site-blank-tech", DatasetRole.Sites, ErrorCodes.MissingAttribute, "blanktech.geojson",
            FeatureCollection([(Point(36.8, -1.3), """{"tech":"LTE"}"""), (Point(36.9, -1.3), """{"tech":""}""")]));
        yield return Text("geojson-measurements-no-tests", DatasetRole.Measurements, ErrorCodes.MissingAttribute, "notests.geojson",
            Fc(Point(36.8, -1.3), """{"down_kbps":12000}"""));
        yield return Text("geojson-measurements-tests-text", DatasetRole.Measurements, ErrorCodes.InvalidValue, "teststext.geojson",
            Fc(Point(36.8, -1.3), """{"down_kbps":12000,"tests":"many"}"""));
        yield return Text("geojson-measurements-fractional-tests", DatasetRole.Measurements, ErrorCodes.InvalidValue, "testsfrac.geojson",
            Fc(Point(36.8, -1.3), """{"down_kbps":12000,"tests":2.5}"""));
        yield return Text("geojson-measurements-negative-speed", DatasetRole.Measurements, ErrorCodes.InvalidValue, "negative.geojson",
            Fc(Point(36.8, -1.3), """{"down_kbps":-5,"tests":3}"""));
        yield return Text("geojson-measurements-no-speed", DatasetRole.Measurements, ErrorCodes.MissingAttribute, "nospeed.geojson",
            FeatureCollection([(Point(36.8, -1.3), """{"down_kbps":100,"tests":3}"""), (Point(36.8, -1.3), """{"down_kbps":null,"tests":3}""")]));
        yield return Text("geojson-settlement-kind-castle", S, ErrorCodes.InvalidValue, "castle.geojson", Fc(good, """{"kind":"castle"}"""));
        yield return Text("geojson-settlement-population-text", S, ErrorCodes.InvalidValue, "poptext.geojson", Fc(good, """{"population":"lots"}"""));
        yield return Text("geojson-settlement-negative-population", S, ErrorCodes.InvalidValue, "popneg.geojson", Fc(good, """{"population":-10}"""));
        yield return Text("geojson-facility-without-kind", F, ErrorCodes.MissingAttribute, "nokind.geojson", Fc(Point(36.8, -1.3), """{"name":"X"}"""));
        yield return Text("geojson-facility-connected-maybe", F, ErrorCodes.InvalidValue, "maybe.geojson", Fc(Point(36.8, -1.3), """{"kind":"school","connected":"maybe"}"""));
        yield return Text("geojson-map-to-missing-field", S, ErrorCodes.MissingAttribute, "map.geojson", Fc(good, """{"name":"A"}"""),
            o => o with { Mapping = ImportOptions.ParseMapping(["name=NAME_1"]) });
        yield return Text("geojson-map-unknown-target", S, ErrorCodes.MissingAttribute, "maptarget.geojson", Fc(good, """{"name":"A"}"""),
            o => o with { Mapping = ImportOptions.ParseMapping(["colour=name"]) });
        yield return Text("geojson-too-many-features", F, ErrorCodes.TooManyFeatures, "many.geojson",
            FeatureCollection(Enumerable.Range(0, 6).Select(i => (Point(36.8 + i * 0.001, -1.3), (string?)"""{"kind":"school"}"""))),
            o => o with { Limits = o.Limits with { MaxFeatures = 5 } });

        // Ookla tiles.
        var quadkey = DivideMapper.Core.Geo.Quadkey.ToQuadkey(36.8219, -1.2921, 16);
        yield return Text("geojson-ookla-quadkey-mismatch", DatasetRole.Measurements, ErrorCodes.QuadkeyMismatch, "tiles.geojson",
            Fc(Square(36.9, -1.2, 0.005), $$"""{"quadkey":"{{quadkey}}","avg_d_kbps":5000,"tests":30,"devices":12}"""));
        yield return Text("geojson-ookla-bad-quadkey", DatasetRole.Measurements, ErrorCodes.InvalidValue, "badqk.geojson",
            Fc(Square(36.9, -1.2, 0.005), """{"quadkey":"01239","avg_d_kbps":5000,"tests":30,"devices":12}"""));
        yield return Text("geojson-ookla-no-geometry-no-quadkey", DatasetRole.Measurements, ErrorCodes.EmptyGeometry, "noqk.geojson",
            Fc("null", """{"avg_d_kbps":5000,"tests":30,"devices":12}"""));
    }

    private static ImportOptions Kind(ImportOptions o) => o with { Kind = "school" };
}
