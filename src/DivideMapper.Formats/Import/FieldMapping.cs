namespace DivideMapper.Formats.Import;

/// <summary>
/// The usual source field names of each mapping target, matched case-insensitively and ignoring '-', ' ' and '_'.
/// An analyst's <see cref="ImportOptions.Mapping"/> (target=source) wins over these.
/// </summary>
public static class FieldMapping
{
    public static IReadOnlyDictionary<string, string[]> Candidates { get; } = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = ["id", "fid", "objectid", "gid", "uid", "feature_id", "ogc_fid"],
        ["lon"] = ["lon", "lng", "long", "longitude", "x", "lon_dd", "x_coord", "xcoord"],
        ["lat"] = ["lat", "latitude", "y", "lat_dd", "y_coord", "ycoord"],
        ["geometry"] = ["wkt", "geometry", "geom", "the_geom", "wkb_geometry", "shape", "tile", "geometry_wkt"],
        ["name"] = ["name", "settlement", "nom", "nombre", "settlement_name", "name_en", "facility_name", "school_name"],
        ["kind"] = ["kind", "type", "class", "status", "settlement_type", "settlement_kind", "amenity", "facility", "facility_type", "category"],
        ["population"] = ["population", "pop", "pop_total", "total_pop", "popn", "pop_est"],
        ["households"] = ["households", "hh", "hhs", "num_hh", "household"],
        ["operator"] = ["operator", "op", "provider", "mcc-net", "mccnet", "mcc_mnc", "carrier", "network", "isp"],
        ["tech"] = ["tech", "radio", "technology", "gen", "generation", "rat"],
        ["range"] = ["range", "range_m", "radius", "radius_m"],
        ["down"] = ["down", "down_kbps", "avg_d_kbps", "download_kbps", "download", "dl_kbps", "dl"],
        ["down_mbps"] = ["down_mbps", "download_mbps", "avg_d_mbps", "dl_mbps"],
        ["up"] = ["up", "up_kbps", "avg_u_kbps", "upload_kbps", "upload", "ul_kbps", "ul"],
        ["up_mbps"] = ["up_mbps", "upload_mbps", "avg_u_mbps", "ul_mbps"],
        ["latency"] = ["latency", "latency_ms", "avg_lat_ms", "ping", "ping_ms", "rtt", "rtt_ms"],
        ["tests"] = ["tests", "test_count", "n_tests", "num_tests"],
        ["devices"] = ["devices", "device_count", "n_devices", "num_devices"],
        ["period"] = ["period", "quarter"],
        // Measurements only: which network the tests ran on (Ookla publishes fixed and mobile tiles separately).
        ["network"] = ["network", "type", "network_type", "net_type", "connection_type", "test_type"],
        ["quadkey"] = ["quadkey", "quad_key", "qk"],
        ["connected"] = ["connected", "is_connected", "connectivity", "internet", "has_internet"],
        ["speed"] = ["speed", "speed_mbps", "connectivity_speed", "download_speed_mbps"],
    };

    /// <summary>Targets that exist, for validating a --map override.</summary>
    public static IReadOnlyCollection<string> Names => (IReadOnlyCollection<string>)Candidates.Keys;

    internal static string Normalize(string name) =>
        new(name.Where(c => c is not ('_' or '-' or ' ' or '.')).Select(char.ToLowerInvariant).ToArray());

    /// <summary>
    /// The source field for <paramref name="target"/> among <paramref name="fields"/>: the mapping override if given
    /// (null when that field does not exist), else the first usual name present.
    /// </summary>
    internal static string? Find(string target, IEnumerable<string> fields, IReadOnlyDictionary<string, string> mapping, out bool overridden)
    {
        var list = fields as IReadOnlyCollection<string> ?? fields.ToArray();
        overridden = mapping.TryGetValue(target, out var source);
        if (overridden && string.IsNullOrEmpty(source)) return null;
        if (overridden)
            return list.FirstOrDefault(f => f.Equals(source, StringComparison.Ordinal))
                   ?? list.FirstOrDefault(f => f.Equals(source, StringComparison.OrdinalIgnoreCase));
        foreach (var candidate in Candidates[target])
        {
            var n = Normalize(candidate);
            var hit = list.FirstOrDefault(f => Normalize(f) == n);
            if (hit is not null) return hit;
        }
        return null;
    }
}
