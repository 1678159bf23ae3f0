namespace DivideMapper.Data.Layers;

/// <summary>
/// Periods are stored as the text analysts give them (DESIGN §4: <c>2024Q1</c>, also <c>2024</c>, <c>2024-03</c>). An
/// OGC <c>datetime</c> filter compares instants, so this turns a period into the tstzrange it covers, in UTC, in SQL —
/// a period of another shape has no range and no datetime filter selects it.
/// </summary>
public static class PeriodRange
{
    public static string Sql(string period) =>
        $$"""
        (CASE WHEN upper({{period}}) ~ '^[0-9]{4}Q[1-4]$' THEN tstzrange(
                make_timestamptz(substr({{period}}, 1, 4)::int, substr({{period}}, 6, 1)::int * 3 - 2, 1, 0, 0, 0, 'UTC'),
                make_timestamptz(substr({{period}}, 1, 4)::int, substr({{period}}, 6, 1)::int * 3 - 2, 1, 0, 0, 0, 'UTC') + interval '3 months')
              WHEN {{period}} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN tstzrange(
                make_timestamptz(substr({{period}}, 1, 4)::int, substr({{period}}, 6, 2)::int, 1, 0, 0, 0, 'UTC'),
                make_timestamptz(substr({{period}}, 1, 4)::int, substr({{period}}, 6, 2)::int, 1, 0, 0, 0, 'UTC') + interval '1 month')
              WHEN {{period}} ~ '^[0-9]{4}$' THEN tstzrange(
                make_timestamptz({{period}}::int, 1, 1, 0, 0, 0, 'UTC'), make_timestamptz({{period}}::int + 1, 1, 1, 0, 0, 0, 'UTC'))
         END)
        """;
}
