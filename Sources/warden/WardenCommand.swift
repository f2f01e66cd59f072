import ArgumentParser
import Gateway

/// `warden`: the command tree. Each subcommand parses its arguments and calls the libraries.
struct WardenCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "warden",
            abstract: "Offline content-safety gateway for image generation.",
            version: BuildInfo.versionLine,
            subcommands: [ServeCommand.self, ModerateCommand.self, EvalCommand.self, EmbedCommand.self,
                          PolicyCommand.self, AuditCommand.self, BenchCommand.self,
                          GenerateCommand.self, EditCommand.self,

                          KeysCommand.self]
        )
    }
}
