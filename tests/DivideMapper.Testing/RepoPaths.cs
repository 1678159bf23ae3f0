using DivideMapper.Data;

namespace DivideMapper.Testing;

/// <summary>Paths tests need: the checkout the test binaries were built in, and its <c>tests/fixtures</c>.</summary>
public static class RepoPaths
{
    public static string Root { get; } = DivideMapperPaths.FindCheckout(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Cannot find the checkout (DivideMapper.sln) above " + AppContext.BaseDirectory);

    /// <summary><c>&lt;checkout&gt;/tests/fixtures</c>: third-party files with their licences (see its README).</summary>
    public static string Fixtures { get; } = Path.Combine(Root, "tests", "fixtures");

    public static string Fixture(params string[] parts) => Path.Combine([Fixtures, .. parts]);
}
