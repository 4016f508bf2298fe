using OmniRetail.BuildingBlocks;
using OmniRetail.Identity.Audit;
using OmniRetail.Identity.Keys;
using OmniRetail.Identity.Mfa;
using OmniRetail.Identity.Persistence;
using OmniRetail.Identity.SignIn;
using OmniRetail.Identity.Staff;
using OmniRetail.ServiceDefaults;
using OmniRetail.ServiceDefaults.Staff;

var builder = WebApplication.CreateBuilder(args);
// The issuer checks its own tokens with the keys it holds, not over HTTP: registered before the authentication that reads it.
builder.Services.AddSingleton<SigningKeyRing>();
builder.Services.AddSingleton<IStaffSigningKeys>(services => services.GetRequiredService<SigningKeyRing>());
builder.AddOmniRetailService<IdentityDbContext>(ResourceNames.Service("identity"), bus => bus.AddConsumer<AuditRecordedConsumer>());
builder.Services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.Section);
// Right after the migrations and before the web server: a key and the admin exist before the first request.
builder.Services.Insert(1, ServiceDescriptor.Singleton<IHostedService>(services => services.GetRequiredService<SigningKeyRing>()));
builder.Services.Insert(2, ServiceDescriptor.Singleton<IHostedService, AdminSeed>());
builder.Services.AddSingleton<AccessTokens>();
builder.Services.AddSingleton<UnknownUserThrottle>();
builder.Services.AddScoped<SecurityEvents>();

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.MapKeys();
app.MapSignIn();
app.MapMfa();
app.MapStaff();
app.MapAudit();
app.Run();
public partial class Program;
