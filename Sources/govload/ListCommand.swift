import ArgumentParser
import Foundation
import GovLoad

/// `govload list`: the ready-to-run scenarios and their policies.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the scenarios in scenarios/ with their descriptions and policies.",
        discussion: """
            Looks in --dir, by default the scenarios/ folder of the working directory or, failing \
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

            Strategy switches a policy sets under 'strategies:' (docs/policies.md):
              grid:       siloed (specialised grids, each its own domain) | merged (one grid of generalists, 多网合一)
              lifecycle:  fragmented | full_cycle (全周期管理) | {verification, follow_up, review, pre_inspection: true/false}
              dispatch:   siloed | unified (one network with shared data, 一网统管)
              channels:   offline_first | digital_first (秒批 auto-approval, 24-hour terminals, any-centre 通办)
            A policy can also override channels, departments, command_centre, grid, case_types and surge:
            headcounts, shift schedules, service and patience, capacity, costs, reserves.
            """)
    }

    /// `scenarios/` here; otherwise the one of the GovLoad checkout that holds the running binary
    /// (found from the executable's real path, whatever the working directory or `PATH`), or an
    /// installation's `share/govload/scenarios`.
    static func defaultFolder() -> String {
        if FileManager.default.fileExists(atPath: "scenarios") { return "scenarios" }
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
        while folder.path != "/" {
            let checkout = folder.appendingPathComponent("scenarios")
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path),
                FileManager.default.fileExists(atPath: checkout.path)
            {
                return checkout.path
            }
            let installed = folder.appendingPathComponent("share/govload/scenarios")
            if FileManager.default.fileExists(atPath: installed.path) { return installed.path }
            folder = folder.deletingLastPathComponent()
        }
        return "scenarios"
    }
}
