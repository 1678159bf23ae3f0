using DivideMapper.Core.Domain;
using DivideMapper.Formats.Import;
using DivideMapper.Formats.Roles;

namespace DivideMapper.Data.Storage;

/// <summary>The typed rows of one import: Core records of the role's declared row type.</summary>
public sealed record RoleRows(DatasetRole Role, IReadOnlyList<object> Rows)
{
    /// <summary>Per row, in the same order: the source id and the attributes no column took (optional).</summary>
    public IReadOnlyList<ImportedRow>? Sources { get; init; }

    /// <summary>The rows of an accepted import, with their sources.</summary>
    public static RoleRows From(ImportOutcome outcome, DatasetRole role) => new(role, outcome.RoleRows) { Sources = outcome.Rows };

    public int Count => Rows.Count;

    /// <summary>Rows built in code; the role is the one declared for <typeparamref name="T"/>.</summary>
    public static RoleRows Of<T>(IReadOnlyList<T> rows) where T : class =>
        new(RoleCatalog.OfRowType(typeof(T)).Role, rows.Cast<object>().ToList());
}
