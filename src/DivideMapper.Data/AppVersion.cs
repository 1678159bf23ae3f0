using System.Reflection;

namespace DivideMapper.Data;

public static class AppVersion
{
    /// <summary>The informational version of the build (one for every assembly), recorded on every run for reproducibility.</summary>
    public static string Current { get; } =
        typeof(AppVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
