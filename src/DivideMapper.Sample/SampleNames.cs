using DivideMapper.Core.Domain;

namespace DivideMapper.Sample;

/// <summary>Synthetic Swahili-style place names; combinations are made up and unique within a city.</summary>
internal sealed class SampleNames(Random random)
{
    private static readonly string[] Stems =
    [
        "Bondeni", "Mlimani", "Mwembe", "Mnazi", "Soko", "Kisima", "Shamba", "Mabati", "Kambi", "Uwanja",
        "Kilima", "Baraka", "Amani", "Tumaini", "Upendo", "Neema", "Umoja", "Mwangaza", "Furaha", "Bahati",
        "Tegemeo", "Faraja", "Jua", "Nyota", "Mvule", "Mkuyu", "Mbuyu", "Msitu", "Ziwa", "Kijito",
    ];

    private static readonly string[] InformalParts =
        ["Kati", "Juu", "Chini", "Mashariki", "Magharibi", "Kusini", "Kaskazini", "Mpya", "Ndogo", "Kubwa"];

    private static readonly string[] FormalParts =
        ["Estate", "Gardens", "Park", "Heights", "Court", "Ridge", "View", "Springs"];

    private static readonly string[] Rivers = ["Mto Kijani", "Mto Mawe", "Mto Baridi", "Mto Mchanga", "Mto Simba", "Mto Ndege"];
    private static readonly string[] Rails = ["Reli ya Kati", "Reli ya Pwani", "Reli ya Ziwa", "Reli ya Mlima"];

    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    public string Settlement(SettlementKind kind)
    {
        var parts = kind == SettlementKind.Formal ? FormalParts : InformalParts;
        var name = $"{random.Pick(Stems)} {random.Pick(parts)}";
        if (_used.Add(name)) return name;
        for (var n = 2; ; n++)
            if (_used.Add($"{name} {n}")) return $"{name} {n}";
    }

    public string Facility(string kind, string? near)
    {
        var name = (kind, near) switch
        {
            ("school", not null) => $"{near} Primary School",
            ("school", null) => $"{random.Pick(Stems)} Secondary School",
            (_, not null) => $"{near} Health Centre",
            _ => $"{random.Pick(Stems)} Dispensary",
        };
        if (_used.Add(name)) return name;
        for (var n = 2; ; n++)
            if (_used.Add($"{name} {n}")) return $"{name} {n}";
    }

    public static string River(int i) => i < Rivers.Length ? Rivers[i] : $"{Rivers[i % Rivers.Length]} {i / Rivers.Length + 1}";
    public static string Rail(int i) => i < Rails.Length ? Rails[i] : $"{Rails[i % Rails.Length]} {i / Rails.Length + 1}";
}
