using System.Text;

namespace DivideMapper.Formats.Shapefiles;

/// <summary>
/// Text encodings of shapefile attributes: the .cpg names Esri, QGIS and GDAL write, and dBASE language driver ids.
/// Legacy code pages come from <see cref="CodePagesEncodingProvider"/>, registered once here.
/// </summary>
internal static class TextEncodings
{
    static TextEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Utf8Strict { get; } = new UTF8Encoding(false, throwOnInvalidBytes: true);

    public static Encoding Windows1252
    {
        get { EnsureRegistered(); return Encoding.GetEncoding(1252); }
    }

    public static void EnsureRegistered()
    {
        // Touching the type runs the static constructor.
    }

    /// <summary>Reads a .cpg/.cst value such as "UTF-8", "1252", "ANSI 1252", "88591", "ISO-8859-1"; null when not understood.</summary>
    public static Encoding? FromCodePageName(string text)
    {
        EnsureRegistered();
        var t = text.Trim().Trim('\uFEFF').ToUpperInvariant().Replace("ANSI", "").Replace(" ", "");
        if (t.Length == 0) return null;
        string? name = t switch
        {
            "UTF8" or "UTF-8" or "65001" => "utf-8",
            "88591" or "8859-1" or "ISO88591" or "ISO-8859-1" or "LATIN1" or "LATIN-1" or "28591" => "iso-8859-1",
            "88592" or "8859-2" or "ISO-8859-2" => "iso-8859-2",
            "885915" or "8859-15" or "ISO-8859-15" => "iso-8859-15",
            _ => null,
        };
        try
        {
            if (name is not null) return name == "utf-8" ? Utf8Strict : Encoding.GetEncoding(name);
            var digits = t.StartsWith("CP", StringComparison.Ordinal) ? t[2..] : t.StartsWith("WINDOWS-", StringComparison.Ordinal) ? t[8..] : t;
            if (int.TryParse(digits, out var codePage)) return Encoding.GetEncoding(codePage);
            return Encoding.GetEncoding(t);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// The encoding a dBASE language driver id declares, or null for none/"ANSI" (0x00, 0x57), where the bytes
    /// must be sniffed.
    /// </summary>
    public static Encoding? FromLanguageDriver(byte id)
    {
        EnsureRegistered();
        if (id is 0x00 or 0x57) return null;
        int? codePage = id switch
        {
            0x01 => 437, 0x02 => 850, 0x03 => 1252, 0x08 => 865, 0x09 => 437, 0x0A => 850, 0x0B => 437, 0x0D => 437,
            0x0E => 850, 0x0F => 437, 0x10 => 850, 0x11 => 437, 0x12 => 850, 0x13 => 932, 0x14 => 850, 0x15 => 437,
            0x16 => 850, 0x17 => 865, 0x18 => 437, 0x19 => 437, 0x1A => 850, 0x1B => 437, 0x1C => 863, 0x1D => 850,
            0x1F => 852, 0x22 => 852, 0x23 => 852, 0x24 => 860, 0x25 => 850, 0x26 => 866, 0x37 => 850, 0x40 => 852,
            0x4D => 936, 0x4E => 949, 0x4F => 950, 0x50 => 874, 0x58 => 1252, 0x59 => 1252, 0x64 => 852, 0x65 => 866,
            0x66 => 865, 0x67 => 861, 0x6A => 737, 0x6B => 857, 0x6C => 863, 0x78 => 950, 0x79 => 949, 0x7A => 936,
            0x7B => 932, 0x7C => 874, 0x7D => 1255, 0x7E => 1256, 0x86 => 737, 0x87 => 852, 0x88 => 857, 0xC8 => 1250,
            0xC9 => 1251, 0xCA => 1254, 0xCB => 1253, 0xCC => 1257,
            _ => null,
        };
        try
        {
            return codePage is null ? null : Encoding.GetEncoding(codePage.Value);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    public static bool IsUtf8(Encoding encoding) => encoding.CodePage == 65001;
}
