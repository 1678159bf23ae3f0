using DivideMapper.Testing;

namespace DivideMapper.Formats.Tests;

/// <summary>Where the checkout and its fixtures are (<see cref="RepoPaths"/>; a clone needs nothing beside it).</summary>
public static class TestPaths
{
    public static string RepoRoot => RepoPaths.Root;

    /// <summary><c>&lt;repo&gt;/tests/fixtures</c>.</summary>
    public static string Fixtures => RepoPaths.Fixtures;

    public static string Fixture(params string[] parts) => RepoPaths.Fixture(parts);
}
