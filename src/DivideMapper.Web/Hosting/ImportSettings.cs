using System.ComponentModel.DataAnnotations;
using DivideMapper.Formats.Import;

namespace DivideMapper.Web.Hosting;

/// <summary>Import limits for uploads, bound to the "Import" section and validated at start.</summary>
public sealed class ImportSettings
{
    public const string Section = "Import";

    /// <summary>Largest upload accepted (bytes). Default 512 MB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;

    [Range(1, 100_000)]
    public int MaxZipEntries { get; set; } = 1_000;

    [Range(1, long.MaxValue)]
    public long MaxInflatedBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    [Range(1, int.MaxValue)]
    public int MaxFeatures { get; set; } = 2_000_000;

    /// <summary>Imports running at once (each holds a file, a parser and a COPY); more get 429 with Retry-After. Default 2.</summary>
    [Range(1, 64)]
    public int MaxConcurrentImports { get; set; } = 2;

    /// <summary>Minutes an ended import job (Prefer: respond-async) stays readable at GET /api/imports/{id}. Default 60.</summary>
    [Range(1, 7 * 24 * 60)]
    public int JobRetentionMinutes { get; set; } = 60;

    /// <summary>Import jobs kept in memory at most; the oldest ended ones go first. Default 1000.</summary>
    [Range(1, 1_000_000)]
    public int MaxKeptJobs { get; set; } = 1_000;

    public ImportLimits ToLimits() => new()
    {
        MaxBytes = MaxUploadBytes,
        MaxZipEntries = MaxZipEntries,
        MaxInflatedBytes = MaxInflatedBytes,
        MaxFeatures = MaxFeatures,
    };
}
