namespace DivideMapper.Core.Outcomes;

/// <summary>
/// An expected refusal: a stable <see cref="ErrorCodes"/> code and a message that fits every client (no command-line
/// flags, no HTTP parameters: each client adds its own hint).
/// </summary>
public sealed record Refusal(string Code, string Message)
{
    /// <summary>The one answer to a project slug we do not have, on every route and command.</summary>
    public static Refusal UnknownProject(string slug) => new(ErrorCodes.UnknownProject, $"There is no project '{slug}'.");

    /// <summary>The one answer to a run id we do not have.</summary>
    public static Refusal UnknownRun(long id) => new(ErrorCodes.UnknownRun, $"There is no run {id}.");
}

/// <summary>
/// What an operation that may be refused returns: the value, or the refusal. Expected refusals are data, never
/// exceptions; exceptions are for failures nobody expects (a database down, a bug).
/// </summary>
public sealed record Outcome<T> where T : class
{
    public T? Value { get; }
    public Refusal? Refusal { get; }

    private Outcome(T? value, Refusal? refusal) => (Value, Refusal) = (value, refusal);

    /// <summary>The value, for callers to whom a refusal is a bug (tests, the bench): it throws with the refusal's code and message.</summary>
    public T OrThrow() => Value ?? throw new InvalidOperationException($"Refused ({Refusal!.Code}): {Refusal.Message}");

    public static Outcome<T> Ok(T value) => new(value, null);

    public static Outcome<T> Refused(string code, string message) => new(null, new Refusal(code, message));

    public static implicit operator Outcome<T>(T value) => Ok(value);

    public static implicit operator Outcome<T>(Refusal refusal) => new(null, refusal);
}
