using System.Reflection;

namespace DivideMapper.Core.Profiles;

/// <summary>
/// The built-in, versioned profiles (embedded JSON resources, each citing its source) and the entry point for
/// custom profiles.
/// </summary>
public static class ProfileCatalog
{
    /// <summary>Id of the profile used when a run names none.</summary>
    public const string DefaultId = "itu-umc-2030";

    private const string ResourcePrefix = "DivideMapper.Core.Profiles.BuiltIn.";

    // Order of the listing (CLI `dm profiles`, GET /api/profiles): default first, then by source.
    private static readonly string[] Order = ["itu-umc-2030", "fcc-100-20", "fcc-25-3", "bead-100-20", "giga-good-5", "giga-20"];

    private static readonly Lazy<IReadOnlyList<Profile>> Loaded = new(LoadBuiltIn);

    /// <summary>All built-in profiles, the default first.</summary>
    public static IReadOnlyList<Profile> BuiltIn => Loaded.Value;

    /// <summary>The default profile (<see cref="DefaultId"/>).</summary>
    public static Profile Default => Find(DefaultId)!;

    /// <summary>The built-in profile with this id (exact, lower-case), or null.</summary>
    public static Profile? Find(string? id) =>
        id is null ? null : BuiltIn.FirstOrDefault(p => string.Equals(p.Id, id.Trim(), StringComparison.Ordinal));

    /// <summary>True when <paramref name="id"/> names a built-in profile.</summary>
    public static bool IsBuiltIn(string? id) => Find(id) is not null;

    /// <summary>
    /// Reads a custom profile from JSON (format in <see cref="ProfileJson"/>). Besides the format's own checks, a
    /// custom profile may not reuse a built-in id, so a result row's profile id always means one set of thresholds.
    /// </summary>
    public static ProfileParseResult ParseCustom(string json)
    {
        var result = ProfileJson.Read(json);
        if (result.Profile is { } p && IsBuiltIn(p.Id))
            return new(null, [new("$.id", $"'{p.Id}' is a built-in profile; give the custom profile its own id")]);
        return result;
    }

    private static IReadOnlyList<Profile> LoadBuiltIn()
    {
        var assembly = typeof(ProfileCatalog).Assembly;
        var profiles = new List<Profile>();
        foreach (string id in Order)
        {
            using var stream = assembly.GetManifestResourceStream(ResourcePrefix + id + ".json")
                ?? throw new InvalidOperationException($"Built-in profile resource '{id}.json' is missing from {assembly.GetName().Name}.");
            using var reader = new StreamReader(stream);
            var result = ProfileJson.Read(reader.ReadToEnd());
            if (result.Profile is null)
                throw new InvalidOperationException($"Built-in profile '{id}' is invalid: {string.Join("; ", result.Problems)}");
            if (result.Profile.Id != id)
                throw new InvalidOperationException($"Built-in profile resource '{id}.json' declares id '{result.Profile.Id}'.");
            profiles.Add(result.Profile);
        }
        return profiles;
    }
}
