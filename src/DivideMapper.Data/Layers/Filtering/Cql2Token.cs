using System.Globalization;
using System.Text;

namespace DivideMapper.Data.Layers.Filtering;

public enum Cql2TokenKind
{
    Identifier,
    QuotedIdentifier,
    String,
    Number,
    Operator,
    LeftParen,
    RightParen,
    Comma,
    End,
}

/// <summary>A token of CQL2-text and where it starts (1-based character position, for messages).</summary>
public readonly record struct Cql2Token(Cql2TokenKind Kind, string Text, int Position)
{
    public bool IsKeyword(string keyword) => Kind == Cql2TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public string Describe() => Kind == Cql2TokenKind.End ? "the end of the filter" : $"'{Text}' at character {Position}";
}

/// <summary>
/// Splits CQL2-text (OGC 21-065r2 §8) into tokens: identifiers and keywords, "double-quoted" identifiers,
/// 'single-quoted' strings with '' for a quote, numbers, comparison operators, parentheses and commas.
/// Written by hand because no .NET library parses CQL2, and the subset served is small.
/// </summary>
public static class Cql2Lexer
{
    /// <summary>Filters longer than this are refused before parsing (a filter is written by a person or a GIS).</summary>
    public const int MaxLength = 10_000;

    public static List<Cql2Token> Tokenize(string text)
    {
        if (text.Length > MaxLength) throw new Cql2Exception($"The filter is longer than {MaxLength} characters.");
        var tokens = new List<Cql2Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var start = i + 1;
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '(') { tokens.Add(new(Cql2TokenKind.LeftParen, "(", start)); i++; continue; }
            if (c == ')') { tokens.Add(new(Cql2TokenKind.RightParen, ")", start)); i++; continue; }
            if (c == ',') { tokens.Add(new(Cql2TokenKind.Comma, ",", start)); i++; continue; }
            if (c is '=' or '<' or '>')
            {
                var op = i + 1 < text.Length && (text[i + 1] == '=' || (c == '<' && text[i + 1] == '>')) ? text.Substring(i, 2) : c.ToString();
                tokens.Add(new(Cql2TokenKind.Operator, op, start));
                i += op.Length;
                continue;
            }
            if (c == '\'' || c == '"')
            {
                var (value, next) = Quoted(text, i, c);
                tokens.Add(new(c == '\'' ? Cql2TokenKind.String : Cql2TokenKind.QuotedIdentifier, value, start));
                i = next;
                continue;
            }
            if (char.IsDigit(c) || ((c == '-' || c == '+' || c == '.') && i + 1 < text.Length && (char.IsDigit(text[i + 1]) || text[i + 1] == '.')))
            {
                var j = i + 1;
                while (j < text.Length && (char.IsDigit(text[j]) || text[j] == '.' || text[j] is 'e' or 'E'
                                           || (text[j] is '+' or '-' && text[j - 1] is 'e' or 'E'))) j++;
                var number = text[i..j];
                if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                    throw new Cql2Exception($"'{number}' at character {start} is not a finite number.");
                tokens.Add(new(Cql2TokenKind.Number, number, start));
                i = j;
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                var j = i + 1;
                while (j < text.Length && (char.IsLetterOrDigit(text[j]) || text[j] is '_' or '.' or ':')) j++;
                tokens.Add(new(Cql2TokenKind.Identifier, text[i..j], start));
                i = j;
                continue;
            }
            throw new Cql2Exception($"Unexpected character '{c}' at character {start}.");
        }
        tokens.Add(new(Cql2TokenKind.End, "", text.Length + 1));
        return tokens;
    }

    private static (string Value, int Next) Quoted(string text, int open, char quote)
    {
        var value = new StringBuilder();
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] != quote) { value.Append(text[i]); continue; }
            if (i + 1 < text.Length && text[i + 1] == quote) { value.Append(quote); i++; continue; }
            return (value.ToString(), i + 1);
        }
        throw new Cql2Exception($"The quote opened at character {open + 1} is never closed.");
    }
}

/// <summary>A filter that is not CQL2-text the server understands; the message says where and why.</summary>
public sealed class Cql2Exception(string message) : Exception(message);
