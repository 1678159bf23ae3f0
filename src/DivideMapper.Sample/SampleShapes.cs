namespace DivideMapper.Sample;

/// <summary>
/// The outline families a generated city can have. <see cref="Organic"/> is the sample and the W1 default;
/// <see cref="Star"/> is DESIGN §9's "irregular shapes" workload: star-shaped settlements of 12–60 vertices and
/// 33-vertex coverage disks (32 corners and the closing point) that overlap heavily, so benchmarks are not only
/// measured on shapes the generator happens to make easy.
/// </summary>
public enum SampleShapes
{
    Organic,
    Star,
}

/// <summary>The lower-case names the command line takes.</summary>
public static class SampleShapeNames
{
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<SampleShapes>().Select(Name)];

    public static string Name(SampleShapes shapes) => shapes.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out SampleShapes shapes)
    {
        foreach (var value in Enum.GetValues<SampleShapes>())
            if (string.Equals(Name(value), text, StringComparison.OrdinalIgnoreCase))
            {
                shapes = value;
                return true;
            }
        shapes = SampleShapes.Organic;
        return false;
    }
}
