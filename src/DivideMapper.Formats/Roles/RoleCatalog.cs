using DivideMapper.Core.Domain;

namespace DivideMapper.Formats.Roles;

/// <summary>The declaration of every <see cref="DatasetRole"/>; the one list the pipeline and storage read.</summary>
public static class RoleCatalog
{
    public static IReadOnlyList<RoleDeclaration> All { get; } =
    [
        SettlementsRole.Declaration,
        CoverageRole.Declaration,
        SitesRole.Declaration,
        MeasurementsRole.Declaration,
        FacilitiesRole.Declaration,
        PopulationRole.Declaration,
    ];

    private static readonly Dictionary<DatasetRole, RoleDeclaration> ByRole = All.ToDictionary(d => d.Role);
    private static readonly Dictionary<Type, RoleDeclaration> ByRowType = All.ToDictionary(d => d.RowType);

    public static RoleDeclaration Of(DatasetRole role) =>
        ByRole.TryGetValue(role, out var d) ? d : throw new ArgumentOutOfRangeException(nameof(role), role, "No declaration for this role.");

    /// <summary>The declaration whose rows are of <paramref name="rowType"/>.</summary>
    public static RoleDeclaration OfRowType(Type rowType) =>
        ByRowType.TryGetValue(rowType, out var d) ? d : throw new ArgumentException($"Not a role row: {rowType.Name}.", nameof(rowType));

    /// <summary>The <c>ck_dataset_role</c> check constraint: every declared role's slug.</summary>
    public static string RoleCheckSql => $"role IN ({string.Join(",", All.Select(d => $"'{d.Slug}'"))})";
}
