namespace DivideMapper.Core.Domain;

/// <summary>What a dataset holds; decides the table its rows go to and the geometry it must have.</summary>
public enum DatasetRole
{
    Settlements,
    Coverage,
    Sites,
    Measurements,
    Facilities,
    Population,
}

public static class DatasetRoles
{
    /// <summary>The lower-case name used on the CLI, in URLs and in the database.</summary>
    public static string ToSlug(this DatasetRole role) => role.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out DatasetRole role) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out role) && Enum.IsDefined(role);

    public static IReadOnlyList<string> Slugs { get; } = Enum.GetValues<DatasetRole>().Select(r => r.ToSlug()).ToArray();
}
