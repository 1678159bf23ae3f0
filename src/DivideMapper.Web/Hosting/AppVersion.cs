using System.Reflection;

namespace DivideMapper.Web.Hosting;

public static class AppVersion
{
    /// <summary>The informational version of the build, recorded on every run for reproducibility.</summary>
    public static string Current { get; } =
        typeof(AppVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
