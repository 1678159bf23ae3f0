using System.IO.Compression;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;

namespace DivideMapper.Formats.Archives;

/// <summary>
/// Extracts the geodata files of an uploaded zip into a fresh folder, refusing what a hostile archive tries:
/// entry names that escape the folder (absolute, ../, drive letters), more entries than allowed, and zip bombs —
/// counted on the bytes actually inflated, not on the sizes the headers claim.
/// </summary>
internal static class SafeZip
{
    private static readonly HashSet<string> Wanted = new(StringComparer.OrdinalIgnoreCase)
    {
        ".shp", ".shx", ".dbf", ".prj", ".cpg", ".cst", ".geojson", ".json", ".csv", ".tsv", ".txt", ".gpkg", ".fgb", ".kml", ".gml", ".gpx", ".geojsonl",
    };

    /// <summary>Returns the extracted files, or null after reporting why the archive was refused.</summary>
    public static IReadOnlyList<string>? Extract(string zipPath, string destination, ReadContext context)
    {
        var limits = context.Options.Limits;
        var problems = context.Problems;
        Directory.CreateDirectory(destination);
        var root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException e)
        {
            problems.File(ErrorCodes.UnreadableFile, $"this is not a readable zip archive ({e.Message.TrimEnd('.')}); it may be truncated.");
            return null;
        }
        using (archive)
        {
            if (archive.Entries.Count > limits.MaxZipEntries)
            {
                problems.File(ErrorCodes.ZipBomb, $"the zip has {archive.Entries.Count:N0} entries, more than the {limits.MaxZipEntries:N0} allowed.");
                return null;
            }
            foreach (var entry in archive.Entries)
            {
                if (UnsafeReason(entry.FullName) is { } reason)
                {
                    problems.File(ErrorCodes.UnsafeZipEntry, $"the zip entry \"{Printable(entry.FullName)}\" {reason}; the archive was refused.");
                    return null;
                }
            }

            var extracted = new List<string>();
            long total = 0;
            var buffer = new byte[81920];
            foreach (var entry in archive.Entries)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var name = entry.FullName.Replace('\\', '/');
                if (name.EndsWith('/') || name.StartsWith("__MACOSX/", StringComparison.Ordinal) || entry.Name.StartsWith("._", StringComparison.Ordinal)) continue;
                if (!Wanted.Contains(Path.GetExtension(entry.Name))) continue;
                var target = Path.GetFullPath(Path.Combine(root, name));
                if (!target.StartsWith(root, StringComparison.Ordinal))
                {
                    problems.File(ErrorCodes.UnsafeZipEntry, $"the zip entry \"{Printable(entry.FullName)}\" would be written outside the upload folder; the archive was refused.");
                    return null;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                long written = 0;
                using (var input = entry.Open())
                using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
                {
                    int n;
                    while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        written += n;
                        total += n;
                        if (total > limits.MaxInflatedBytes)
                        {
                            problems.File(ErrorCodes.ZipBomb, $"the zip inflates to more than {limits.MaxInflatedBytes / (1024 * 1024):N0} MB; it was refused as a possible zip bomb.");
                            return null;
                        }
                        if (written > limits.CompressionRatioCheckAbove && written > Math.Max(1, entry.CompressedLength) * limits.MaxCompressionRatio)
                        {
                            problems.File(ErrorCodes.ZipBomb,
                                $"the zip entry \"{Printable(entry.FullName)}\" inflates more than {limits.MaxCompressionRatio:0} times its packed size; it was refused as a possible zip bomb.");
                            return null;
                        }
                        output.Write(buffer, 0, n);
                    }
                }
                extracted.Add(target);
            }
            return extracted;
        }
    }

    private static string? UnsafeReason(string fullName)
    {
        var name = fullName.Replace('\\', '/');
        if (name.Length == 0) return null;
        if (name.StartsWith('/')) return "has an absolute path";
        if (name.Length >= 2 && name[1] == ':') return "names a drive";
        if (name.Split('/').Any(s => s == "..")) return "climbs out of the archive with ../";
        if (name.Any(c => char.IsControl(c))) return "has control characters in its name";
        return null;
    }

    private static string Printable(string s) => new(s.Select(c => char.IsControl(c) ? '?' : c).Take(120).ToArray());
}
