namespace DivideMapper.Formats.Gdal;

/// <summary>
/// The environment a GDAL child process gets: built from nothing, not inherited, so no database credentials
/// (DIVIDEMAPPER_DB, PGPASSWORD, Database__ConnectionString …) or other secrets reach a parser of untrusted files;
/// and every way GDAL could reach the network or another file is shut.
/// </summary>
internal static class ChildEnvironment
{
    /// <summary>Variables passed through from our own environment: what a process needs to run and find GDAL's data.</summary>
    private static readonly string[] PassThrough = ["PATH", "LANG", "LC_ALL", "TMPDIR", "GDAL_DATA", "PROJ_LIB", "PROJ_DATA", "HOME"];

    /// <summary>A dead loopback port: any HTTP attempt that slips past the options below fails at once.</summary>
    private const string NoProxy = "http://127.0.0.1:9";

    public static void Apply(IDictionary<string, string?> environment, string? skipDrivers)
    {
        var kept = PassThrough.Where(environment.ContainsKey).ToDictionary(k => k, k => environment[k]);
        environment.Clear();
        foreach (var (k, v) in kept) environment[k] = v;

        // Network: /vsicurl/, /vsis3/ …, HTTP drivers, KML network links, WMS/WFS all go through libcurl.
        environment["CPL_VSIL_CURL_ALLOWED_EXTENSIONS"] = ".none";
        environment["GDAL_HTTP_PROXY"] = NoProxy;
        environment["http_proxy"] = NoProxy;
        environment["https_proxy"] = NoProxy;
        environment["HTTP_PROXY"] = NoProxy;
        environment["HTTPS_PROXY"] = NoProxy;
        environment["GDAL_HTTP_TIMEOUT"] = "1";
        environment["GDAL_HTTP_CONNECTTIMEOUT"] = "1";
        environment["GDAL_HTTP_MAX_RETRY"] = "0";
        environment["CPL_VSIL_CURL_USE_HEAD"] = "NO";
        environment["GDAL_DISABLE_READDIR_ON_OPEN"] = "EMPTY_DIR";
        environment["LIBKML_RESOLVE_STYLE"] = "NO";
        environment["OGR_SQLITE_ALLOW_EXTERNAL_ACCESS"] = "NO";
        // No side files written next to inputs, no debug output with paths.
        environment["GDAL_PAM_ENABLED"] = "NO";
        environment["CPL_DEBUG"] = "OFF";
        // Drivers that open other files or servers named inside an upload (a VRT naming /etc/passwd, a WFS URL) are
        // always off; with a sniffed format, every driver but its own is (OGR_SKIP, comma-separated).
        environment["GDAL_SKIP"] = "VRT OGR_VRT WFS OAPIF OGCAPI EEDA PostgreSQL MySQL ODBC Elasticsearch CARTO NGW WMS WMTS WCS HTTP";
        if (skipDrivers is not null) environment["OGR_SKIP"] = skipDrivers;
    }
}
