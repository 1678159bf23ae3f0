using System.Text.RegularExpressions;

namespace DivideMapper.Web.Tests.Access;

/// <summary>
/// <c>src/DivideMapper.Web/DivideMapper.Web.http</c> holds an example request for every endpoint the app maps
/// (read from its EndpointDataSource), so a new endpoint without an example fails here.
/// </summary>
public sealed partial class HttpFileTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private static readonly string HttpFile = Path.Combine(RepoPaths.Root, "src", "DivideMapper.Web", "DivideMapper.Web.http");

    [Fact]
    public void EveryEndpointHasAnExampleRequest()
    {
        var requests = RequestLine().Matches(File.ReadAllText(HttpFile))
            .Select(m => (Method: m.Groups["method"].Value, Path: m.Groups["path"].Value.Split('?')[0]))
            .ToList();
        Assert.NotEmpty(requests);
        var missing = EndpointCatalogue.All(fixture.Services)
            .Where(e => e.Method != "HEAD")
            .Where(e => !requests.Any(r => r.Method == e.Method && TemplateRegex(e.Template).IsMatch(r.Path)))
            .ToList();
        Assert.True(missing.Count == 0, "Endpoints without an example in DivideMapper.Web.http: " + string.Join(", ", missing));
    }

    /// <summary>A route template as a regex over concrete paths: each {parameter} matches one path segment or part of one.</summary>
    private static Regex TemplateRegex(string template) =>
        new("^" + string.Join("[^/]+", Parameter().Split(template.TrimEnd('/')).Select(Regex.Escape)) + "/?$");

    [GeneratedRegex(@"^(?<method>GET|POST|PUT|PATCH|DELETE|HEAD) \{\{host\}\}(?<path>\S*)", RegexOptions.Multiline)]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
