using System.CommandLine;
using System.Globalization;
using DivideMapper.Data.Embedded;

namespace DivideMapper.Cli.Commands;

/// <summary>
/// <c>dm free-port</c> (hidden): prints a free TCP port on 127.0.0.1, so <c>./test.sh</c> picks its throwaway
/// cluster's port with the same <see cref="FreePort"/> the tests and the bench use.
/// </summary>
public static class FreePortCommand
{
    public static Command Create()
    {
        var command = new Command("free-port", "Print a free TCP port on 127.0.0.1 (for ./test.sh).") { Hidden = true };
        command.SetAction(_ =>
        {
            Console.Out.WriteLine(FreePort.Next().ToString(CultureInfo.InvariantCulture));
            return 0;
        });
        return command;
    }
}
