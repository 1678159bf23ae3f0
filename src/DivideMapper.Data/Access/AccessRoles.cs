namespace DivideMapper.Data.Access;

/// <summary>The roles of DESIGN §8, ordered: each includes what the ones below it may do.</summary>
public enum AccessRole
{
    /// <summary>Reads private projects' results.</summary>
    Viewer = 1,
    /// <summary>Creates projects, uploads datasets, starts runs.</summary>
    Analyst = 2,
    /// <summary>Deletes datasets, runs and projects, changes visibility, manages keys.</summary>
    Admin = 3,
}

public static class AccessRoles
{
    public static IReadOnlyList<string> Slugs { get; } = ["viewer", "analyst", "admin"];

    public static string ToSlug(this AccessRole role) => role switch
    {
        AccessRole.Viewer => "viewer",
        AccessRole.Analyst => "analyst",
        AccessRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParse(string? slug, out AccessRole role)
    {
        role = slug switch
        {
            "viewer" => AccessRole.Viewer,
            "analyst" => AccessRole.Analyst,
            "admin" => AccessRole.Admin,
            _ => 0,
        };
        return role != 0;
    }

    /// <summary>True when <paramref name="held"/> includes <paramref name="needed"/> (admin ⊃ analyst ⊃ viewer).</summary>
    public static bool Includes(this AccessRole held, AccessRole needed) => held >= needed;
}

/// <summary>Who reads a project's results: public (anyone, no key) or private (a viewer key or better).</summary>
public static class ProjectVisibility
{
    public const string Public = "public";
    public const string Private = "private";
    /// <summary>
    /// New projects are private: they hold data about vulnerable communities, and publishing is a deliberate act
    /// (<c>dm visibility</c>, <c>PATCH /api/projects/{slug}</c>). The sample project is made public by its loader.
    /// </summary>
    public const string Default = Private;

    public static bool IsValid(string? v) => v is Public or Private;
}
