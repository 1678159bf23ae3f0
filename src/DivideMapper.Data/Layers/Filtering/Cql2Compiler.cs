using System.Globalization;
using DivideMapper.Formats.Writers;

namespace DivideMapper.Data.Layers.Filtering;

/// <summary>
/// Compiles a CQL2-text filter (OGC API Features Part 3; OGC 21-065r2 Basic CQL2 plus IN and BETWEEN of
/// Advanced Comparison) over a layer into a <see cref="SqlPredicate"/>: comparisons <c>= &lt;&gt; &lt; &gt; &lt;= &gt;=</c>,
/// <c>AND</c>/<c>OR</c>/<c>NOT</c> and parentheses, <c>[NOT] LIKE</c>, <c>[NOT] BETWEEN</c>, <c>[NOT] IN (…)</c>,
/// <c>IS [NOT] NULL</c>, literals (strings, numbers, TRUE/FALSE). A property is looked up in the layer's queryable
/// columns and replaced by the catalogue's own SQL expression; every literal becomes a parameter, so nothing of the
/// request's text reaches the SQL. Operand types are checked (a text property is not compared with a number), so a
/// wrong filter is a 400 with a reason rather than a database error.
/// </summary>
public sealed class Cql2Compiler
{
    /// <summary>Parentheses and NOTs deeper than this are refused (the parser recurses).</summary>
    public const int MaxDepth = 64;

    private readonly LayerDefinition _layer;
    private readonly List<Cql2Token> _tokens;
    private readonly List<KeyValuePair<string, object>> _parameters = [];
    private int _next;
    private int _depth;

    private Cql2Compiler(LayerDefinition layer, string text)
    {
        _layer = layer;
        _tokens = Cql2Lexer.Tokenize(text);
    }

    /// <summary>The compiled filter; throws <see cref="Cql2Exception"/> with a reason for anything it does not accept.</summary>
    public static SqlPredicate Compile(LayerDefinition layer, string text)
    {
        var compiler = new Cql2Compiler(layer, text);
        if (compiler.Peek.Kind == Cql2TokenKind.End) throw new Cql2Exception("The filter is empty.");
        var sql = compiler.Or();
        if (compiler.Peek.Kind != Cql2TokenKind.End) throw new Cql2Exception($"Unexpected {compiler.Peek.Describe()}; expected AND, OR or the end.");
        return new SqlPredicate(sql, compiler._parameters);
    }

    private enum Kind { Text, Number, Boolean }

    private readonly record struct Operand(string Sql, Kind Kind, string What);

    private Cql2Token Peek => _tokens[_next];

    private Cql2Token Take() => _tokens[_next++];

    private bool TakeKeyword(string keyword)
    {
        if (!Peek.IsKeyword(keyword)) return false;
        _next++;
        return true;
    }

    private void Expect(Cql2TokenKind kind, string what)
    {
        if (Peek.Kind != kind) throw new Cql2Exception($"Expected {what} but found {Peek.Describe()}.");
        _next++;
    }

    private string Or()
    {
        var sql = And();
        while (TakeKeyword("OR")) sql = $"({sql} OR {And()})";
        return sql;
    }

    private string And()
    {
        var sql = Not();
        while (TakeKeyword("AND")) sql = $"({sql} AND {Not()})";
        return sql;
    }

    private string Not()
    {
        if (++_depth > MaxDepth) throw new Cql2Exception($"The filter nests deeper than {MaxDepth} levels.");
        try
        {
            if (TakeKeyword("NOT")) return $"(NOT {Not()})";
            if (Peek.Kind == Cql2TokenKind.LeftParen)
            {
                _next++;
                var inner = Or();
                Expect(Cql2TokenKind.RightParen, "')'");
                return inner;
            }
            return Predicate();
        }
        finally
        {
            _depth--;
        }
    }

    private string Predicate()
    {
        var left = ReadOperand();
        var token = Peek;
        if (token.Kind == Cql2TokenKind.Operator)
        {
            _next++;
            var right = ReadOperand();
            SameKind(left, right, token);
            if (left.Kind == Kind.Boolean && token.Text is not ("=" or "<>"))
                throw new Cql2Exception($"{token.Describe()}: booleans compare only with = and <>.");
            return $"({left.Sql} {token.Text} {right.Sql})";
        }
        if (TakeKeyword("IS"))
        {
            var not = TakeKeyword("NOT");
            if (!TakeKeyword("NULL")) throw new Cql2Exception($"Expected NULL after IS{(not ? " NOT" : "")} but found {Peek.Describe()}.");
            return $"({left.Sql} IS {(not ? "NOT " : "")}NULL)";
        }
        var negated = TakeKeyword("NOT");
        if (TakeKeyword("LIKE"))
        {
            var pattern = ReadOperand();
            if (left.Kind != Kind.Text || pattern.Kind != Kind.Text) throw new Cql2Exception($"LIKE compares text, not {left.What} with {pattern.What}.");
            return $"({left.Sql} {(negated ? "NOT " : "")}LIKE {pattern.Sql})";
        }
        if (TakeKeyword("BETWEEN"))
        {
            var low = ReadOperand();
            if (!TakeKeyword("AND")) throw new Cql2Exception($"Expected AND in BETWEEN but found {Peek.Describe()}.");
            var high = ReadOperand();
            SameKind(left, low, token);
            SameKind(left, high, token);
            if (left.Kind != Kind.Number) throw new Cql2Exception($"BETWEEN compares numbers, not {left.What}.");
            return $"({left.Sql} {(negated ? "NOT " : "")}BETWEEN {low.Sql} AND {high.Sql})";
        }
        if (TakeKeyword("IN"))
        {
            Expect(Cql2TokenKind.LeftParen, "'(' after IN");
            var items = new List<string>();
            do
            {
                var item = ReadOperand();
                SameKind(left, item, token);
                items.Add(item.Sql);
            }
            while (Peek.Kind == Cql2TokenKind.Comma && Take().Kind == Cql2TokenKind.Comma);
            Expect(Cql2TokenKind.RightParen, "')' closing the IN list");
            return $"({left.Sql} {(negated ? "NOT " : "")}IN ({string.Join(", ", items)}))";
        }
        if (negated) throw new Cql2Exception($"Expected LIKE, BETWEEN or IN after NOT but found {Peek.Describe()}.");
        // A boolean on its own is a condition: connected, or TRUE.
        if (left.Kind == Kind.Boolean) return $"({left.Sql} IS TRUE)";
        throw new Cql2Exception($"Expected a comparison (=, <>, <, >, <=, >=, LIKE, BETWEEN, IN, IS NULL) after {left.What} but found {Peek.Describe()}.");
    }

    private Operand ReadOperand()
    {
        var token = Take();
        switch (token.Kind)
        {
            case Cql2TokenKind.String:
                return new Operand(Parameter(token.Text), Kind.Text, $"the text '{token.Text}'");
            case Cql2TokenKind.Number:
                return new Operand(Parameter(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture)), Kind.Number, $"the number {token.Text}");
            case Cql2TokenKind.QuotedIdentifier:
                return Property(token);
            case Cql2TokenKind.Identifier when token.IsKeyword("TRUE") || token.IsKeyword("FALSE"):
                return new Operand(Parameter(token.IsKeyword("TRUE")), Kind.Boolean, token.Text.ToUpperInvariant());
            case Cql2TokenKind.Identifier when Reserved.Contains(token.Text):
                throw new Cql2Exception($"Expected a property or a value but found the keyword {token.Describe()}.");
            case Cql2TokenKind.Identifier when Peek.Kind == Cql2TokenKind.LeftParen:
                throw new Cql2Exception($"The function {token.Describe()} is not supported; the filter language is Basic CQL2 with IN and BETWEEN.");
            case Cql2TokenKind.Identifier:
                return Property(token);
            default:
                throw new Cql2Exception($"Expected a property or a value but found {token.Describe()}.");
        }
    }

    private static readonly HashSet<string> Reserved = new(["AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS", "NULL"], StringComparer.OrdinalIgnoreCase);

    private Operand Property(Cql2Token token)
    {
        var column = _layer.Column(token.Text)
                     ?? _layer.Columns.FirstOrDefault(c => string.Equals(c.Name, token.Text, StringComparison.OrdinalIgnoreCase));
        if (column is null || !column.Queryable)
            throw new Cql2Exception($"Unknown property {token.Describe()}; the queryables of {_layer.Id} are " +
                                    $"{string.Join(", ", _layer.Columns.Where(c => c.Queryable).Select(c => c.Name))}.");
        var kind = column.Type switch
        {
            ColumnType.Integer or ColumnType.Real => Kind.Number,
            ColumnType.Boolean => Kind.Boolean,
            _ => Kind.Text,
        };
        return new Operand($"({column.Sql})", kind, $"property {column.Name}");
    }

    private static void SameKind(Operand left, Operand right, Cql2Token at)
    {
        if (left.Kind != right.Kind)
            throw new Cql2Exception($"Cannot compare {left.What} ({Name(left.Kind)}) with {right.What} ({Name(right.Kind)}) near character {at.Position}.");
    }

    private static string Name(Kind kind) => kind switch { Kind.Number => "a number", Kind.Boolean => "a boolean", _ => "text" };

    private string Parameter(object value)
    {
        var name = "f" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add(new(name, value));
        return "@" + name;
    }
}
