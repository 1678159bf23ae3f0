using System.Text;
using Parquet;

namespace DivideMapper.Formats.ParquetFiles;

/// <summary>
/// The quadkey column's min and max of each row group, as the file's footer states them, for <see cref="QuadkeyRange"/>.
/// Read with Parquet.Net, which parses only the footer here: ParquetSharp (parquet-cpp) hides the min and max of a text
/// column in files whose footer has no column_orders, as Parquet.Net's own files (our tests', the benchmark's) have not,
/// because old writers ordered such bytes as signed. Quadkeys are the ASCII digits 0–3, which order the same either way.
/// </summary>
internal static class QuadkeyStatistics
{
    /// <summary>Per row group (min, max); nulls where the footer has none, or Parquet.Net cannot read it.</summary>
    public static async Task<(string? Min, string? Max)[]> ReadAsync(string path, string column, int rowGroups, CancellationToken ct)
    {
        var result = new (string?, string?)[rowGroups];
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12);
            await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: ct);
            for (var g = 0; g < Math.Min(rowGroups, reader.RowGroupCount); g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var chunk = group.RowGroup.Columns.FirstOrDefault(c => c.MetaData?.PathInSchema is [var name] && name == column);
                if (chunk?.MetaData?.Statistics is not { } stats) continue;
                // min_value/max_value where the writer kept them; else the older min/max (the same for ASCII digits).
                var (min, max) = (stats.MinValue ?? stats.Min, stats.MaxValue ?? stats.Max);
                if (min is not null && max is not null) result[g] = (Encoding.UTF8.GetString(min), Encoding.UTF8.GetString(max));
            }
        }
        catch (Exception e) when (ParquetFeatureReader.IsDamage(e))
        {
            // Statistics only spare work: without them every row group is read, and its damage, if any, found there.
        }
        return result;
    }
}
