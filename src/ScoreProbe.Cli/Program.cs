using ScoreProbe.Cli;

return CliApp.Run(args);
