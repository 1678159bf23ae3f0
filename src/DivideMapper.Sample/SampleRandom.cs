namespace DivideMapper.Sample;

/// <summary>
/// Random draws for the generator. Everything comes from <see cref="System.Random"/> seeded from the user's
/// seed (System.Random(int) is a fixed algorithm, so the same seed gives the same city on every run).
/// </summary>
internal static class SampleRandom
{
    /// <summary>A seed for one independent stream (settlements, sites, tiles …) derived from the city's seed.</summary>
    public static int Derive(int seed, int stream, int a = 0, int b = 0)
    {
        unchecked
        {
            var h = (uint)seed * 0x9E3779B1u;
            h ^= (uint)stream * 0x85EBCA77u + 0x165667B1u + (h << 6) + (h >> 2);
            h ^= (uint)a * 0xC2B2AE3Du + 0x27D4EB2Fu + (h << 6) + (h >> 2);
            h ^= (uint)b * 0x9E3779B1u + 0x165667B1u + (h << 6) + (h >> 2);
            h ^= h >> 16; h *= 0x85EBCA6Bu; h ^= h >> 13; h *= 0xC2B2AE35u; h ^= h >> 16;
            return (int)(h & 0x7FFFFFFF);
        }
    }

    public static Random Stream(int seed, int stream, int a = 0, int b = 0) => new(Derive(seed, stream, a, b));

    public static double Uniform(this Random r, double min, double max) => min + r.NextDouble() * (max - min);

    /// <summary>Standard normal draw (Box–Muller).</summary>
    public static double Gaussian(this Random r)
    {
        var u1 = 1.0 - r.NextDouble();
        var u2 = r.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A positive factor around 1 with log-standard-deviation <paramref name="sigma"/>.</summary>
    public static double LogNormalFactor(this Random r, double sigma) => Math.Exp(sigma * r.Gaussian());

    /// <summary>Poisson draw; exact for small means, normal approximation above 50.</summary>
    public static int Poisson(this Random r, double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 50) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * r.Gaussian()));
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = r.NextDouble();
        while (p > limit) { k++; p *= r.NextDouble(); }
        return k;
    }

    /// <summary>Index drawn with probability proportional to weights, given their running totals.</summary>
    public static int Pick(this Random r, double[] cumulative)
    {
        var target = r.NextDouble() * cumulative[^1];
        var i = Array.BinarySearch(cumulative, target);
        if (i < 0) i = ~i;
        return Math.Min(i, cumulative.Length - 1);
    }

    public static T Pick<T>(this Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];
}
