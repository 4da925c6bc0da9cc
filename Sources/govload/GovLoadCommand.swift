import ArgumentParser
import Foundation
import GovLoad

/// `govload`: the command tree. Exit codes (DESIGN §5): 0 success, 2 bad input (a scenario or
/// an argument), 1 anything else.
@main
struct GovLoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "govload",
        abstract: "Simulate city governance load: channels, staff, policies and stress shocks.",
        discussion: """
            Write a scenario file, check it with 'validate', run it with 'run', and read the CSV \
            results in pandas, R or a spreadsheet. 'erlang' sizes a single queue analytically.
            """,
        version: GovLoadVersion.long,
        subcommands: [
            RunCommand.self, ValidateCommand.self, DescribeCommand.self, ErlangCommand.self, ListCommand.self,
            MergeCommand.self, CalibrateCommand.self, SensitivityCommand.self, RobustnessCommand.self,
            ReportCommand.self, StaffCommand.self,
        ]
    )

    static func main() {
        GSL.disableAbortOnError()
        Interruption.ignoreSignalsThatBecomeWriteErrors()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as InputError {
            Interruption.abandon()
            for diagnostic in error.diagnostics { Console.error(diagnostic.description) }
            Foundation.exit(2)
        } catch let error as OutputError {
            Interruption.abandon()
            Console.error("govload: \(error.message); the output folder holds no finished run")
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            Interruption.abandon()
            let message = message(for: error)
            if !message.isEmpty {
                let hint = " (see 'govload \(subcommandName().map { $0 + " " } ?? "")--help')"
                Console.error("govload: " + message.replacingOccurrences(of: "Error: ", with: "") + hint)
            }
            // Argument errors are bad input: exit 2, as for a bad scenario.
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

extension GovLoadCommand {
    /// The subcommand the command line names (its first word), if it names one: where a usage
    /// error's help is.
    static func subcommandName() -> String? {
        let names = configuration.subcommands.compactMap { $0.configuration.commandName }
        guard let first = CommandLine.arguments.dropFirst().first, names.contains(first) else { return nil }
        return first
    }
}

/// Writing to the terminal.
enum Console {
    /// Writes a line to standard error.
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Whether standard error is a terminal.
    static var stderrIsTerminal: Bool { isatty(2) == 1 }
}
