import ArgumentParser
import Foundation
import GovLoad

/// `govload list`: the ready-to-run scenarios and their policies.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the scenarios in scenarios/ with their descriptions and policies.",
        discussion: """
            Looks in --dir, by default the scenarios/ folder of the working directory or, failing \\
            that, of the GovLoad checkout the binary was built in.
            """)

    @Option(name: .long, help: "The folder to list.")
    var dir: String?

    func run() throws {
        let folder = dir ?? Self.defaultFolder()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw InputError(Diagnostic(.argument("--dir"), "no scenarios folder at '\(folder)'"))
        }
        for entry in ScenarioCatalogue.scan(folder) {
            switch entry.scenario {
            case .success(let loaded):
                let scenario = loaded.scenario
                print(
                    "\(entry.path)\n    \(scenario.description.isEmpty ? scenario.name : scenario.description)"
                )
                let policies = loaded.policies.map { policy in
                    policy.description.isEmpty ? policy.name : "\(policy.name) (\(policy.description))"
                }
                print("    policies: " + policies.joined(separator: "; "))
            case .failure(let error):
                print(
                    "\(entry.path)\n    does not load: \(error.diagnostics.first?.description ?? "invalid")")
            }
        }
        print(
            """

            Strategies a policy can set today: staffing (servers, shift schedules), service and \
            patience distributions, waiting-room capacity, cost per staff hour. The city model's \
            strategies (grid model, lifecycle, dispatch, channels) come with it.
            """)
    }

    /// `scenarios/` here, or beside the checkout that holds the running binary.
    static func defaultFolder() -> String {
        if FileManager.default.fileExists(atPath: "scenarios") { return "scenarios" }
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // .build/<configuration>/govload → the checkout
        let checkout = binary.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return checkout.appendingPathComponent("scenarios").path
    }
}
