namespace DivideMapper.Data;

/// <summary>
/// Where the checkout lives, so the app and <c>./dm</c> find the same <c>.data/</c> (and the web app its <c>web/</c>) whatever the
/// working directory. DIVIDEMAPPER_HOME wins; otherwise the nearest folder holding DivideMapper.sln above the
/// working directory or the binaries; otherwise the working directory (a published app).
/// </summary>
public static class DivideMapperPaths
{
    public static string Home { get; } = FindHome();

    /// <summary>DIVIDEMAPPER_DATA_DIR or &lt;home&gt;/.data: the embedded cluster and uploads in progress.</summary>
    public static string DataDir =>
        Environment.GetEnvironmentVariable("DIVIDEMAPPER_DATA_DIR") is { Length: > 0 } dir ? Path.GetFullPath(dir) : Path.Combine(Home, ".data");

    /// <summary>
    /// The `dm` a user runs: the ReadyToRun publish that <c>./dm</c> keeps up to date (benchmarks time this one, not the
    /// JIT-only build output the tests use).
    /// </summary>
    public static string PublishedCli => Path.Combine(Home, "src", "DivideMapper.Cli", "bin", "dm", "dm.dll");

    private static string FindHome()
    {
        if (Environment.GetEnvironmentVariable("DIVIDEMAPPER_HOME") is { Length: > 0 } home) return Path.GetFullPath(home);
        return FindCheckout(Directory.GetCurrentDirectory()) ?? FindCheckout(AppContext.BaseDirectory) ?? Directory.GetCurrentDirectory();
    }

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds DivideMapper.sln, or null.</summary>
    public static string? FindCheckout(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DivideMapper.sln"))) return dir.FullName;
        return null;
    }
}
