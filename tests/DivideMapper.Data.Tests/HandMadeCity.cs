namespace DivideMapper.Data.Tests;

/// <summary>
/// A tiny city near Nairobi (UTM 37S) whose geometry is chosen by hand for the PostGIS cross-check:
/// "Straddle" (≈ 1.1 × 0.55 km) lies across a slanted-edged 4G polygon, a concave 3G polygon and a small fixed
/// polygon, a 300 m 5G disk between them, a 250 m 4G disk across its south edge and the rim of a 2G disk without a
/// range (the 12 km default); "Inside" lies wholly in the 4G polygon; "Nowhere" is covered by nothing.
/// Straddle's measurements hold tied values, a zero-test row, a missing upload and a point on its boundary: the
/// test-weighted lower median download is 500 kbit/s.
/// </summary>
internal static class HandMadeCity
{
    public sealed record Files(string Settlements, string Coverage, string Sites, string Measurements, string Facilities);

    public static Files Write(string dir)
    {
        var files = new Files(Path.Combine(dir, "settlements.geojson"), Path.Combine(dir, "coverage.geojson"),
            Path.Combine(dir, "sites.csv"), Path.Combine(dir, "measurements.csv"), Path.Combine(dir, "facilities.geojson"));
        File.WriteAllText(files.Settlements, Collection(
            Polygon("""{"name":"Straddle","kind":"informal","population":5000}""",
                "[36.800,-1.305],[36.810,-1.305],[36.810,-1.300],[36.800,-1.300],[36.800,-1.305]"),
            Polygon("""{"name":"Inside","kind":"informal","population":800}""",
                "[36.796,-1.304],[36.798,-1.304],[36.798,-1.302],[36.796,-1.302],[36.796,-1.304]"),
            Polygon("""{"name":"Nowhere","kind":"formal","population":300}""",
                "[36.600,-1.400],[36.602,-1.400],[36.602,-1.398],[36.600,-1.398],[36.600,-1.400]")));
        File.WriteAllText(files.Coverage, Collection(
            Polygon("""{"operator":"639-02","tech":"4G"}""",
                "[36.794,-1.306],[36.8045,-1.306],[36.8025,-1.299],[36.794,-1.299],[36.794,-1.306]"),
            Polygon("""{"operator":"639-03","tech":"3G"}""",
                "[36.8065,-1.3055],[36.812,-1.3055],[36.812,-1.2995],[36.8065,-1.2995],[36.8085,-1.3025],[36.8065,-1.3055]"),
            Polygon("""{"operator":"fibre","tech":"fixed"}""",
                "[36.801,-1.304],[36.802,-1.304],[36.802,-1.303],[36.801,-1.303],[36.801,-1.304]")));
        File.WriteAllText(files.Sites, """
            lon,lat,radio,range
            36.8050,-1.3025,NR,300
            36.8080,-1.3060,LTE,250
            36.913,-1.3025,GSM,

            """.Replace("\r", ""));
        File.WriteAllText(files.Measurements, """
            lon,lat,period,down_kbps,up_kbps,latency_ms,tests,devices
            36.8015,-1.3010,2024Q1,500,100,30,10,5
            36.8030,-1.3040,2024Q1,500,150,40,5,3
            36.8060,-1.3020,2024Q1,800,90,50,15,4
            36.8070,-1.3035,2024Q1,300,120,60,0,2
            36.8085,-1.3015,2024Q1,200,,20,4,2
            36.810,-1.302,2024Q1,900,400,70,1,1
            36.797,-1.303,2024Q1,5000,1000,25,5,2

            """.Replace("\r", ""));
        File.WriteAllText(files.Facilities, Collection(
            Point("""{"kind":"school","name":"Straddle Primary","connected":false}""", "[36.8040,-1.3030]"),
            Point("""{"kind":"clinic","name":"Straddle Clinic","connected":true,"speed_mbps":50}""", "[36.8090,-1.3045]"),
            Point("""{"kind":"school","name":"Far School","connected":true}""", "[36.700,-1.350]")));
        return files;
    }

    /// <summary>
    /// Where the tile rule decides the median. "Tiled" (≈ 667 × 553 m) holds a slow mobile tile (2 Mbit/s, 40 tests)
    /// wholly inside it, and a fast one (50 Mbit/s, 100 tests) of which only 10 % lies in Tiled and 20 % in "Neighbour"
    /// to the east. Counting whole tiles (the old rule) makes Tiled's median 50 Mbit/s; tests × share makes it 2
    /// (weights 40 against 10). A fixed-network tile (300 Mbit/s) and an older quarter's mobile tile (90 Mbit/s) lie in
    /// Tiled too and must not count for a mobile profile in 2024Q3. Fixed coverage covers Tiled's western half only.
    /// </summary>
    public static Files WriteTiles(string dir)
    {
        var files = new Files(Path.Combine(dir, "settlements.geojson"), Path.Combine(dir, "coverage.geojson"),
            Path.Combine(dir, "sites.csv"), Path.Combine(dir, "tiles.csv"), Path.Combine(dir, "facilities.geojson"));
        File.WriteAllText(files.Settlements, Collection(
            Polygon("""{"name":"Tiled","kind":"informal","population":4000}""",
                "[36.800,-1.305],[36.806,-1.305],[36.806,-1.300],[36.800,-1.300],[36.800,-1.305]"),
            Polygon("""{"name":"Neighbour","kind":"formal","population":1500}""",
                "[36.8065,-1.305],[36.8075,-1.305],[36.8075,-1.300],[36.8065,-1.300],[36.8065,-1.305]")));
        File.WriteAllText(files.Coverage, Collection(
            Polygon("""{"operator":"639-02","tech":"4G"}""", "[36.79,-1.31],[36.82,-1.31],[36.82,-1.29],[36.79,-1.29],[36.79,-1.31]"),
            Polygon("""{"operator":"639-03","tech":"3G"}""", "[36.79,-1.31],[36.803,-1.31],[36.803,-1.29],[36.79,-1.29],[36.79,-1.31]"),
            Polygon("""{"operator":"fibre-co","tech":"fixed"}""", "[36.799,-1.306],[36.803,-1.306],[36.803,-1.299],[36.799,-1.299],[36.799,-1.306]")));
        File.WriteAllText(files.Sites, """
            lon,lat,radio,range,operator
            36.7995,-1.3025,LTE,150,639-07

            """.Replace("\r", ""));
        File.WriteAllText(files.Measurements, """
            wkt,period,network,down_kbps,up_kbps,latency_ms,tests,devices
            "POLYGON((36.801 -1.304,36.805 -1.304,36.805 -1.301,36.801 -1.301,36.801 -1.304))",2024Q3,mobile,2000,500,80,40,15
            "POLYGON((36.8055 -1.304,36.8105 -1.304,36.8105 -1.301,36.8055 -1.301,36.8055 -1.304))",2024Q3,mobile,50000,9000,20,100,40
            "POLYGON((36.801 -1.304,36.805 -1.304,36.805 -1.301,36.801 -1.301,36.801 -1.304))",2024Q3,fixed,300000,100000,8,60,30
            "POLYGON((36.801 -1.304,36.805 -1.304,36.805 -1.301,36.801 -1.301,36.801 -1.304))",2024Q1,mobile,90000,9000,15,500,200

            """.Replace("\r", ""));
        File.WriteAllText(files.Facilities, Collection(
            Point("""{"kind":"Shule ya Msingi","name":"Tiled Primary","connected":true,"speed_mbps":25}""", "[36.8030,-1.3025]")));
        return files;
    }

    private static string Collection(params string[] features) =>
        $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";

    private static string Polygon(string properties, string ring) =>
        $$$"""{"type":"Feature","properties":{{{properties}}},"geometry":{"type":"Polygon","coordinates":[[{{{ring}}}]]}}""";

    private static string Point(string properties, string position) =>
        $$$"""{"type":"Feature","properties":{{{properties}}},"geometry":{"type":"Point","coordinates":{{{position}}}}}""";
}
