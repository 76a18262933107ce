using PasswordSync.Cli;

return await Pwsync.RunAsync(args);
