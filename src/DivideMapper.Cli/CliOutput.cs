using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using DivideMapper.Core.Outcomes;

namespace DivideMapper.Cli;

/// <summary>Results go to stdout (one JSON document with --json, else a plain table); logs go to stderr.</summary>
public static class CliOutput
{
    public static readonly JsonSerializerOptions Json = Data.JsonDefaults.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
    });

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>
    /// Writes one JSON document to stdout as it is built, in the same form as <see cref="WriteJson{T}"/> (indented,
    /// then a newline): for large documents (a run's thousands of rows with explain), which would otherwise be held
    /// as a node tree and a string of twice their size before a byte is written.
    /// </summary>
    public static void WriteJsonStreamed(Action<Utf8JsonWriter> write)
    {
        Console.Out.Flush();
        using var stdout = Console.OpenStandardOutput();
        using var buffered = new BufferedStream(stdout, 1 << 16);
        using (var writer = new Utf8JsonWriter(buffered, new JsonWriterOptions { Indented = true, Encoder = Json.Encoder }))
            write(writer);
        buffered.Write("\n"u8);
    }

    /// <summary>A left-aligned text table; an empty list prints a "none" line so scripts and people see why.</summary>
    public static void WriteTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, string emptyMessage)
    {
        var data = rows.Select(r => r.Select(c => c ?? "").ToArray()).ToList();
        if (data.Count == 0)
        {
            Console.Out.WriteLine(emptyMessage);
            return;
        }
        var widths = headers.Select((h, i) => Math.Max(h.Length, data.Max(r => r[i].Length))).ToArray();
        Console.Out.WriteLine(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in data)
            Console.Out.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
    }

    /// <summary>An error for a person: to stderr, prefixed with the program name.</summary>
    public static void Error(string message) => Console.Error.WriteLine($"dm: {message}");

    /// <summary>An expected refusal: its message (plus a hint for the command line, if any) and the exit code of its code.</summary>
    public static int Refused(Refusal refusal, string? hint = null)
    {
        Error(hint is null ? refusal.Message : $"{refusal.Message} {hint}");
        return ExitCodes.For(refusal.Code);
    }
}
