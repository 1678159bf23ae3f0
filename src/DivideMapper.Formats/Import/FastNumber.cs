using System.Globalization;

namespace DivideMapper.Formats.Import;

/// <summary>
/// Number parsing for attribute and coordinate text, with a fast path for the plain decimals that make up nearly
/// every value in a CSV (<c>-36.827157</c>, <c>5835</c>): at most 15 significant digits, no exponent. Such a value
/// is an exact integer mantissa divided by an exact power of ten, which IEEE division rounds correctly, so the result
/// is bit for bit what <see cref="double.TryParse(string, NumberStyles, IFormatProvider, out double)"/> returns
/// (Clinger's fast path). Everything else goes to the framework parser with <see cref="NumberStyles.Float"/>.
/// </summary>
internal static class FastNumber
{
    private static readonly double[] PowersOf10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        var s = text.Trim();
        if (TryParseSimple(s, out value)) return true;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryParseSimple(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            i = 1;
        }
        long mantissa = 0;
        var digits = 0;
        var fraction = -1; // digits after the point, -1 while there is no point
        var any = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c is >= '0' and <= '9')
            {
                any = true;
                if (mantissa == 0 && c == '0')
                {
                    if (fraction >= 0) fraction++;
                    continue; // leading zeros are not significant
                }
                if (++digits > 15) return false;
                mantissa = mantissa * 10 + (c - '0');
                if (fraction >= 0) fraction++;
            }
            else if (c == '.' && fraction < 0) fraction = 0;
            else return false;
        }
        if (!any || fraction > 15) return false;
        var v = fraction > 0 ? mantissa / PowersOf10[fraction] : mantissa;
        value = negative ? -v : v;
        return true;
    }
}
