using DivideMapper.Web;

var app = DivideMapperApp.Build(args);
app.Run();

/// <summary>Entry point; public so WebApplicationFactory&lt;Program&gt; can host it in tests.</summary>
public partial class Program;
