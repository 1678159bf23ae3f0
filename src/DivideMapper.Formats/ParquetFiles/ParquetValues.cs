using ParquetSharp;

namespace DivideMapper.Formats.ParquetFiles;

/// <summary>
/// Typed Parquet values as our attribute rows take them, as CSV's would be: integers as long, floating and decimal
/// numbers as double, dates and times (legacy INT96 timestamps too) as ISO 8601 text, UUIDs and other bytes as text.
/// </summary>
internal static class ParquetValues
{
    private static readonly HashSet<Type> Converted =
    [
        typeof(bool), typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
        typeof(Half), typeof(float), typeof(double), typeof(decimal), typeof(DateTime), typeof(DateTimeNanos), typeof(Date), typeof(DateOnly),
        typeof(TimeSpan), typeof(TimeSpanNanos), typeof(TimeOnly), typeof(Guid), typeof(string), typeof(byte[]), typeof(Int96),
    ];

    public static bool Converts(Type type) => Converted.Contains(type);

    public static object? Convert<T>(T value) => value switch
    {
        null => null,
        bool b => b,
        long l => l,
        int i => (long)i,
        double d => d,
        string s => s,
        sbyte v => (long)v,
        byte v => (long)v,
        short v => (long)v,
        ushort v => (long)v,
        uint v => (long)v,
        ulong v => (double)v,
        Half v => (double)v,
        float v => (double)v,
        decimal v => (double)v,
        DateTime v => v.ToString("O"),
        DateTimeNanos v => v.DateTime.ToString("O"),
        Date v => v.DateTime.ToString("O"),
        DateOnly v => v.ToString("O"),
        TimeSpan v => v.ToString(),
        TimeSpanNanos v => v.TimeSpan.ToString(),
        TimeOnly v => v.ToString("O"),
        Guid v => v.ToString(),
        byte[] v => System.Convert.ToBase64String(v),
        Int96 v => Int96Timestamp(v).ToString("O"),
        _ => throw new NotSupportedException($"Parquet values of type {value.GetType().Name} are not read"),
    };

    /// <summary>
    /// The legacy INT96 timestamp of Impala and older Spark (UTC): nanoseconds of the day in its first 8 bytes, the Julian
    /// day in the last 4 (2,440,588 is 1970-01-01). A day out of DateTime's range throws, as damage.
    /// </summary>
    public static DateTime Int96Timestamp(Int96 value)
    {
        var nanoseconds = (uint)value.A | ((long)value.B << 32);
        return DateTime.UnixEpoch.AddDays(value.C - 2_440_588L).AddTicks(nanoseconds / 100);
    }
}
