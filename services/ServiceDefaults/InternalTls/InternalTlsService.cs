namespace PasswordSync.ServiceDefaults.InternalTls;

/// <summary>
/// Which internal service is being protected: its name in messages, its configuration section, its default ports, and
/// the log category of its start-up security line (kept stable so log filters and tests keep matching it).
/// </summary>
public sealed record InternalTlsService(string Name, string SectionName, int DefaultGrpcPort, int DefaultHealthPort,
    string StartupLogCategory);
