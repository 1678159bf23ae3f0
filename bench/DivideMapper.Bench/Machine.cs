using System.Runtime.InteropServices;
using DivideMapper.Data;
using Npgsql;

namespace DivideMapper.Bench;

/// <summary>What the figures were measured on, for the report (ratios are what matter; seconds are context).</summary>
internal static class Machine
{
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public static async Task<MachineInfo> DescribeAsync(NpgsqlDataSource dataSource, string loadBefore, string? geopandas, CancellationToken ct)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var server = await ServerVersions.ReadAsync(dataSource, ct);
        return new MachineInfo(cpu ?? RuntimeInformation.ProcessArchitecture.ToString(), Environment.ProcessorCount, loadBefore, LoadAverage(),
            RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription,
            server.Postgres, server.Postgis, server.Geos, geopandas);
    }
}
