using ParquetSharp;

namespace DivideMapper.Formats.ParquetFiles;

/// <summary>How a column's values are read: raw bytes as UTF-8 text or as binary (WKB), or through ParquetSharp's typed readers.</summary>
internal enum ParquetValueKind { Text, Binary, Typed }

/// <summary>
/// One flat (top-level, non-repeated) column of a Parquet file that we read. <see cref="TypeName"/> names its values in
/// messages ("Int64", "Double" …); <see cref="MaxDefinitionLevel"/> is 1 for an optional column (a row may have no value).
/// </summary>
internal sealed record ParquetColumn(int Index, string Name, ParquetValueKind Kind, string TypeName, short MaxDefinitionLevel)
{
    public bool IsText => Kind == ParquetValueKind.Text;
    public bool IsBinary => Kind == ParquetValueKind.Binary;
}

/// <summary>
/// The columns of a Parquet file as we read them: text and binary columns (BYTE_ARRAY) are read raw, so a value becomes a
/// string or bytes only for a row that is kept; the others through ParquetSharp's logical readers, as the CLR types
/// <see cref="ParquetValues"/> converts. Nested or repeated columns, and types we do not convert (INT96, intervals …),
/// are not read.
/// </summary>
internal static class ParquetColumns
{
    public static (List<ParquetColumn> Readable, List<string> Skipped) Of(ParquetFileReader reader)
    {
        var schema = reader.FileMetaData.Schema;
        var readable = new List<ParquetColumn>();
        var skipped = new List<string>();
        for (var i = 0; i < schema.NumColumns; i++)
        {
            var descriptor = schema.Column(i);
            using var path = descriptor.Path;
            var parts = path.ToDotVector();
            if (parts.Length == 1 && descriptor.MaxRepetitionLevel == 0 && Classify(reader, descriptor) is { } column)
                readable.Add(new ParquetColumn(i, parts[0], column.Kind, column.TypeName, descriptor.MaxDefinitionLevel));
            else skipped.Add(string.Join('.', parts));
        }
        return (readable, skipped);
    }

    private static (ParquetValueKind Kind, string TypeName)? Classify(ParquetFileReader reader, ColumnDescriptor descriptor)
    {
        using var logical = descriptor.LogicalType;
        if (descriptor.PhysicalType == PhysicalType.ByteArray)
        {
            if (logical.Type is LogicalTypeEnum.String or LogicalTypeEnum.Json or LogicalTypeEnum.Enum) return (ParquetValueKind.Text, "String");
            if (logical.Type is LogicalTypeEnum.None or LogicalTypeEnum.Bson) return (ParquetValueKind.Binary, "Byte[]");
        }
        Type element;
        try
        {
            element = descriptor.GetSystemTypes(reader.LogicalTypeFactory, null).Item3;
        }
        catch (Exception e) when (e is ParquetException or NotSupportedException or ArgumentException)
        {
            return null; // a logical type ParquetSharp has no CLR type for
        }
        var type = Nullable.GetUnderlyingType(element) ?? element;
        return ParquetValues.Converts(type) ? (ParquetValueKind.Typed, type.Name) : null;
    }
}
