using DivideMapper.Core.Domain;
using DivideMapper.Core.Profiles;

namespace DivideMapper.Core.Tests.Profiles;

public class ProfileCatalogTests
{
    [Fact]
    public void CatalogListsTheFiveBuiltInProfilesDefaultFirst() =>
        Assert.Equal(["itu-umc-2030", "fcc-100-20", "fcc-25-3", "bead-100-20", "giga-good-5", "giga-20"], ProfileCatalog.BuiltIn.Select(p => p.Id));

    [Fact]
    public void DefaultProfileIsItuUmc2030()
    {
        Assert.Equal("itu-umc-2030", ProfileCatalog.DefaultId);
        Assert.Same(ProfileCatalog.Find("itu-umc-2030"), ProfileCatalog.Default);
    }

    [Fact]
    public void EveryBuiltInProfileCitesItsSource()
    {
        foreach (var p in ProfileCatalog.BuiltIn)
        {
            Assert.True(p.Version >= 1, p.Id);
            Assert.False(string.IsNullOrWhiteSpace(p.Source.Citation), p.Id);
            Assert.StartsWith("https://", p.Source.Url);
            Assert.False(string.IsNullOrWhiteSpace(p.Notes), p.Id);
        }
    }

    [Theory]
    [InlineData("itu-umc-2030", Tech.G4, 10.0, null, null, 20.0)]
    [InlineData("fcc-25-3", Tech.Fixed, 25.0, 3.0, null, 25.0)]
    [InlineData("bead-100-20", Tech.Fixed, 100.0, 20.0, 100.0, 1000.0)]
    [InlineData("giga-good-5", Tech.G4, 5.0, null, null, 5.0)]
    [InlineData("giga-20", Tech.G4, 20.0, null, null, 20.0)]
    public void BuiltInThresholdsAreThoseOfTheirSources(string id, Tech tech, double down, double? up, double? latency, double facility)
    {
        var p = ProfileCatalog.Find(id)!;
        Assert.Equal((tech, down, up, latency, facility, 0.5), (p.TargetTech, p.MinDownMbps, p.MinUpMbps, p.MaxLatencyMs, p.FacilityMinMbps, p.MinCoveredShare));
    }

    [Fact]
    public void UnknownIdFindsNothing()
    {
        Assert.Null(ProfileCatalog.Find("fcc-100-10"));
        Assert.Null(ProfileCatalog.Find(null));
    }

    [Fact]
    public void BuiltInProfilesRoundTripThroughJson()
    {
        foreach (var p in ProfileCatalog.BuiltIn)
            Assert.Equal(p, ProfileJson.Read(ProfileJson.Write(p)).Profile);
    }

    [Fact]
    public void MinimalCustomProfileGetsDefaults()
    {
        var result = ProfileCatalog.ParseCustom("""
            { "id": "city-2025", "version": 2, "name": "City plan",
              "source": { "citation": "City ICT plan 2024" }, "targetTech": "LTE", "minDownMbps": 15 }
            """);
        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        var p = result.Profile!;
        Assert.Equal((Tech.G4, 15.0, (double?)null, 0.5, 15.0), (p.TargetTech, p.MinDownMbps, p.MinUpMbps, p.MinCoveredShare, p.FacilityMinMbps));
        Assert.Equal(ScoreWeights.Default, p.EffectiveWeights);
    }

    [Fact]
    public void CustomProfileReportsEveryProblemWithItsPath()
    {
        var result = ProfileCatalog.ParseCustom("""
            { "id": "City Plan", "version": 0, "source": { "citation": "x", "url": "ftp://x" },
              "targetTech": "6G", "minDownMbps": -1, "minDown": 5, "minCoveredShare": 1.5,
              "weights": { "gapShare": 0, "people": 0, "speedShortfall": 0 } }
            """);
        Assert.False(result.Succeeded);
        Assert.Null(result.Profile);
        var byPath = result.Problems.ToDictionary(p => p.Path, p => p.Message);
        Assert.Contains("not a valid id", byPath["$.id"]);
        Assert.Contains("at least 1", byPath["$.version"]);
        Assert.Equal("is required", byPath["$.name"]);
        Assert.Contains("http(s)", byPath["$.source.url"]);
        Assert.Contains("'6G' is not a technology", byPath["$.targetTech"]);
        Assert.Contains("greater than 0", byPath["$.minDownMbps"]);
        Assert.Contains("unknown property", byPath["$.minDown"]);
        Assert.Contains("at most 1", byPath["$.minCoveredShare"]);
        Assert.Contains("at least one weight", byPath["$.weights"]);
        Assert.Equal(9, result.Problems.Count);
    }

    [Fact]
    public void MistypedCaseGetsAHint()
    {
        var result = ProfileJson.Read("""{ "ID": "a-b" }""");
        Assert.Contains(result.Problems, p => p.Path == "$.ID" && p.Message.Contains("did you mean 'id'"));
    }

    [Fact]
    public void WrongTypesAreNamed()
    {
        var result = ProfileJson.Read("""{ "id": 7, "version": 1.5, "minDownMbps": "ten", "source": [] }""");
        var byPath = result.Problems.ToDictionary(p => p.Path, p => p.Message);
        Assert.Equal("must be a string, not a number", byPath["$.id"]);
        Assert.Equal("must be a whole number, not 1.5", byPath["$.version"]);
        Assert.Equal("must be a number, not a string", byPath["$.minDownMbps"]);
        Assert.Equal("must be an object, not an array", byPath["$.source"]);
    }

    [Fact]
    public void DuplicateKeysAreReported()
    {
        var result = ProfileJson.Read("""{ "minDownMbps": 1, "minDownMbps": 2 }""");
        Assert.Contains(result.Problems, p => p.Path == "$.minDownMbps" && p.Message == "appears more than once");
    }

    [Fact]
    public void BrokenJsonReportsWhere()
    {
        var result = ProfileJson.Read("{ \"id\": \"a-b\",\n  \"version\": }");
        var problem = Assert.Single(result.Problems);
        Assert.Equal("$", problem.Path);
        Assert.StartsWith("not valid JSON (line 2", problem.Message);
    }

    [Fact]
    public void ArrayIsNotAProfile() =>
        Assert.Equal("a profile is a JSON object, not an array", Assert.Single(ProfileJson.Read("[]").Problems).Message);

    [Fact]
    public void CustomProfileCannotTakeABuiltInId()
    {
        var json = ProfileJson.Write(ProfileCatalog.Find("giga-20")! with { MinDownMbps = 2 });
        var problem = Assert.Single(ProfileCatalog.ParseCustom(json).Problems);
        Assert.Equal("$.id", problem.Path);
    }
}
