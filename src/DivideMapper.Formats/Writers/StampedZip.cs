using System.IO.Compression;
using System.Text;

namespace DivideMapper.Formats.Writers;

/// <summary>A UTF-8 text file to put in a zip.</summary>
public sealed record ZipText(string Name, string Text);

/// <summary>
/// Zip entries with one fixed time stamp, so the same content gives the same bytes (zipped Shapefiles, zipped exports).
/// </summary>
public static class StampedZip
{
    /// <summary>Opens a new entry <paramref name="name"/> for writing, stamped <paramref name="stamp"/>.</summary>
    public static Task<Stream> OpenAsync(ZipArchive zip, string name, DateTimeOffset stamp, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = DosTime(stamp);
        return entry.OpenAsync(cancellationToken);
    }

    /// <summary>Copies a file into a new entry <paramref name="name"/>.</summary>
    public static async Task AddFileAsync(ZipArchive zip, string name, string file, DateTimeOffset stamp, CancellationToken cancellationToken)
    {
        await using var target = await OpenAsync(zip, name, stamp, cancellationToken);
        await using var source = File.OpenRead(file);
        await source.CopyToAsync(target, cancellationToken);
    }

    /// <summary>Adds UTF-8 (no BOM) text files.</summary>
    public static async Task AddTextsAsync(ZipArchive zip, IEnumerable<ZipText> texts, DateTimeOffset stamp, CancellationToken cancellationToken)
    {
        foreach (var text in texts)
        {
            await using var target = await OpenAsync(zip, text.Name, stamp, cancellationToken);
            await target.WriteAsync(new UTF8Encoding(false).GetBytes(text.Text), cancellationToken);
        }
    }

    // Zip stores local DOS time from 1980; keep it in UTC so the bytes do not depend on the machine's zone.
    private static DateTimeOffset DosTime(DateTimeOffset stamp)
    {
        var utc = stamp.UtcDateTime;
        if (utc.Year < 1980) utc = new DateTime(1980, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        return new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified), TimeSpan.Zero);
    }
}
