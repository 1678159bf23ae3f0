namespace DivideMapper.Testing;

/// <summary>Paths tests need: the checkout, and shared/fixtures beside it (as in CI: shared/ next to the clone).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>../shared/fixtures relative to the checkout; DIVIDEMAPPER_FIXTURES overrides.</summary>
    public static string SharedFixtures =>
        Environment.GetEnvironmentVariable("DIVIDEMAPPER_FIXTURES") is { Length: > 0 } f ? f : Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DivideMapper.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the checkout (DivideMapper.sln) above " + AppContext.BaseDirectory);
    }
}
