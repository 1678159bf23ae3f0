using DivideMapper.Data.Layers;

namespace DivideMapper.Web.Ogc;

/// <summary>
/// A collection of the OGC API: one catalogue layer of one project, named <c>{slug}.{layer}</c> (DESIGN §8). The
/// slug comes first and cannot hold a dot, so the first dot splits the name.
/// </summary>
public sealed record OgcCollection(LayerProject Project, LayerDefinition Layer)
{
    public string Id => $"{Project.Slug}.{Layer.Id}";
    public string Title => $"{Project.Name}: {Layer.Title}";

    public static (string Slug, string Layer)? Split(string collectionId) =>
        collectionId.IndexOf('.') is var dot and > 0 && dot < collectionId.Length - 1 ? (collectionId[..dot], collectionId[(dot + 1)..]) : null;

    /// <summary>The queryables as JSON Schema types (Part 3 §6.2).</summary>
    public static string JsonSchemaType(Formats.Writers.ColumnType type) => type switch
    {
        Formats.Writers.ColumnType.Integer => "integer",
        Formats.Writers.ColumnType.Real => "number",
        Formats.Writers.ColumnType.Boolean => "boolean",
        _ => "string",
    };
}
