using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DivideMapper.Data;

/// <summary>
/// How DivideMapper writes JSON everywhere (API, CLI, stored run summaries): camelCase members, enums as their
/// snake_case names (<c>no_coverage</c>, <c>evidence_changed</c>), non-ASCII names unescaped.
/// </summary>
public static class JsonDefaults
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        return options;
    }
}
