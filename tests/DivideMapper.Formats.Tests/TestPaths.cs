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

/// <summary>A fresh temp folder per test, deleted afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("dm-formats-test-").FullName;
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
