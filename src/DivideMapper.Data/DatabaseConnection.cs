using DivideMapper.Data.Embedded;
using Microsoft.Extensions.Logging;

namespace DivideMapper.Data;

/// <summary>
/// Decides which PostGIS to use: DIVIDEMAPPER_DB (an Npgsql connection string to any PostGIS ≥ 3) when set,
/// otherwise the embedded cluster in .data/pg, started on demand.
/// </summary>
public static class DatabaseConnection
{
    public const string EnvironmentVariable = "DIVIDEMAPPER_DB";

    public static string? External => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } cs ? cs : null;

    /// <summary>
    /// <paramref name="configured"/> (the Database:ConnectionString setting) wins, then DIVIDEMAPPER_DB, then the
    /// embedded cluster (started if needed).
    /// </summary>
    public static async Task<string> ResolveAsync(string? configured = null, ILogger? logger = null,
        CancellationToken cancellationToken = default) =>
        NonEmpty(configured) ?? External ?? await EmbeddedPostgres.FromEnvironment(logger).EnsureStartedAsync(cancellationToken);

    /// <summary>"embedded" or "external", for /health and logs (never the connection string: it holds a password).</summary>
    public static string Mode(string? configured = null) => (NonEmpty(configured) ?? External) is null ? "embedded" : "external";

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
