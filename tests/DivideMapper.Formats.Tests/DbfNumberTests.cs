using System.Text;
using DivideMapper.Formats.Shapefiles;
using DivideMapper.Testing;

namespace DivideMapper.Formats.Tests;

/// <summary>Numeric dBASE cells are parsed from their bytes (DbfTable.Number): values, blanks, placeholders and junk.</summary>
public sealed class DbfNumberTests
{
    /// <summary>A dBASE III table with one N(12,0) field "count" and one N(12,3) field "speed", one record per pair.</summary>
    private static string Write(TempDir dir, params (string Count, string Speed)[] records)
    {
        var bytes = new List<byte> { 0x03, 126, 12, 7 };
        bytes.AddRange(BitConverter.GetBytes(records.Length));
        bytes.AddRange(BitConverter.GetBytes((short)(32 + 2 * 32 + 1)));
        bytes.AddRange(BitConverter.GetBytes((short)(1 + 12 + 12)));
        bytes.AddRange(new byte[20]);
        foreach (var (name, decimals) in new[] { ("count", 0), ("speed", 3) })
        {
            var field = new byte[32];
            Encoding.ASCII.GetBytes(name).CopyTo(field, 0);
            field[11] = (byte)'N';
            field[16] = 12;
            field[17] = (byte)decimals;
            bytes.AddRange(field);
        }
        bytes.Add(0x0D);
        foreach (var (count, speed) in records)
        {
            bytes.Add((byte)' ');
            bytes.AddRange(Encoding.Latin1.GetBytes(count.PadLeft(12)));
            bytes.AddRange(Encoding.Latin1.GetBytes(speed.PadLeft(12)));
        }
        bytes.Add(0x1A);
        var path = dir.File("numbers.dbf");
        File.WriteAllBytes(path, [.. bytes]);
        return path;
    }

    [Fact]
    public void NumbersBlanksPlaceholdersAndJunkReadAsBefore()
    {
        using var dir = new TempDir();
        var path = Write(dir, ("12", "-3.500"), ("  42\0\0", "1.5e3"), ("", "**********"), ("--", "?"), ("\u00ff\u00ff", "abc"),
            ("999999999999", "0.1"));
        var table = DbfTable.Open(path, out var error);
        Assert.Null(error);
        var bad = new List<string>();
        object?[] Row(int i)
        {
            var a = table!.Read(i, bad);
            return [a.GetValueOrDefault("count"), a.GetValueOrDefault("speed")];
        }

        Assert.Equal([12L, -3.5], Row(0));
        Assert.Equal([42L, 1500.0], Row(1));
        Assert.Equal([null, null], Row(2));
        Assert.Equal([null, null], Row(3));
        Assert.Equal([null, "abc"], Row(4)); // non-ASCII bytes read as '?', a placeholder; text stays text
        Assert.Equal([999999999999L, 0.1], Row(5));
        Assert.Empty(bad);
    }
}
