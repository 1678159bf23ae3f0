using System.Runtime.InteropServices;
using Npgsql;

namespace DivideMapper.Cli.Bench;

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
        await using var command = dataSource.CreateCommand(
            "SELECT current_setting('server_version'), postgis_lib_version(), postgis_geos_version()");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new MachineInfo(cpu ?? RuntimeInformation.ProcessArchitecture.ToString(), Environment.ProcessorCount, loadBefore, LoadAverage(),
            RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription,
            reader.GetString(0), reader.GetString(1), reader.GetString(2), geopandas);
    }
}
