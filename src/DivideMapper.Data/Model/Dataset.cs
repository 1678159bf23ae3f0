using System.Text.Json;

namespace DivideMapper.Data.Model;

/// <summary>One imported file. Its rows live in the table of its role; the validation report is kept as jsonb.</summary>
public class Dataset
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public Project? Project { get; set; }
    /// <summary>settlements | coverage | sites | measurements | facilities (DatasetRoles slugs).</summary>
    public required string Role { get; set; }
    public required string Name { get; set; }
    public required string SourceFile { get; set; }
    /// <summary>SHA-256 of the uploaded bytes (hex); re-importing the same bytes returns this dataset.</summary>
    public required string Sha256 { get; set; }
    public string? SourceCrs { get; set; }
    public int FeatureCount { get; set; }
    public JsonDocument? Report { get; set; }
    public string? Period { get; set; }
    /// <summary>Measurements only: fixed | mobile | unknown, or mixed when the file's rows name both (DESIGN §4).</summary>
    public string? Network { get; set; }
    public string? Licence { get; set; }
    public string? Attribution { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
