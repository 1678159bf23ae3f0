using DivideMapper.Core.Domain;
using DivideMapper.Core.Geo;

namespace DivideMapper.Formats.Roles;

/// <summary>Speed measurements: period, down/up kbit/s, latency, tests, devices, quadkey; an Ookla tile (Polygon) or a Point.</summary>
internal static class MeasurementsRole
{
    public static RoleDeclaration<Measurement> Declaration { get; } = new()
    {
        Role = DatasetRole.Measurements,
        Geometry = RoleGeometry.PolygonsOrPoints,
        Targets = ["id", "period", "down", "down_mbps", "up", "up_mbps", "latency", "tests", "devices", "quadkey", "network"],
        IdFallbackTarget = "quadkey",
        Table = "measurement",
        Columns = ["period", "down_kbps", "up_kbps", "latency_ms", "tests", "devices", "quadkey", "geom", "network"],
        Check = c =>
        {
            c.Require("download or upload speed", new[] { "down", "down_mbps", "up", "up_mbps" }.Any(c.Has),
                "down, avg_d_kbps, download_kbps, up, avg_u_kbps …");
            c.Require("test count", c.Has("tests"), "tests");
        },
        Builder = (v, rowId, geometry) =>
        {
            var down = v.Number("down", min: 0) ?? v.Number("down_mbps", min: 0) * 1000;
            var up = v.Number("up", min: 0) ?? v.Number("up_mbps", min: 0) * 1000;
            if (down is null && up is null && !v.Failed) v.Missing(v.ColumnOf("down") ?? v.ColumnOf("up") ?? "down", "no download or upload speed");
            var tests = v.Count("tests");
            if (tests is null && !v.Failed) v.Missing(v.ColumnOf("tests") ?? "tests", "no test count");
            var quadkey = v.Text("quadkey");
            if (quadkey is not null && !Quadkey.TryParse(quadkey, out _))
                v.Invalid("quadkey", $"quadkey \"{quadkey}\" is not a quadkey (digits 0–3, at most {Quadkey.MaxZoom})");
            // A network column wins; then the network option (or the file name, e.g. Ookla's ..._mobile_tiles...); else unknown.
            var network = v.Options.Network ?? Network.Unknown;
            if (v.Text("network") is { } networkText && !Networks.TryParse(networkText, out network))
                v.Invalid("network", $"network \"{networkText}\" is not fixed, mobile or unknown");
            return new Measurement(rowId, v.Text("period") ?? v.Options.Period, down, up, v.Number("latency", min: 0), tests ?? 0, v.Count("devices") ?? 0,
                quadkey, geometry, network);
        },
        GeometryOfRow = m => m.Geometry,
        IdOfRow = m => m.Id,
        ClipToProjectArea = true,
        Writer = (w, m, _) =>
        {
            w.WriteText(m.Period);
            w.Write(m.DownKbps);
            w.Write(m.UpKbps);
            w.Write(m.LatencyMs);
            w.Write(m.Tests);
            w.Write(m.Devices);
            w.WriteText(m.Quadkey);
            w.WriteGeometry(m.Geometry);
            w.WriteText(m.Network.ToSlug());
        },
    };
}
