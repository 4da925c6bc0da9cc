import Foundation
import PackagePlugin

/// Writes `GitCommit.swift` into the build: the commit the package was built from (with `-dirty`
/// when tracked files differ from it), or an empty string outside a git checkout. A prebuild
/// command runs on every build; the file is rewritten only when the commit changes, so an
/// unchanged checkout recompiles nothing.
@main
struct GitCommit: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL
        let file = output.appending(path: "GitCommit.swift").path
        let package = context.package.directoryURL.path
        let script = """
            commit=$(git -C "$1" rev-parse HEAD 2>/dev/null || true)
            if [ -n "$commit" ] && ! git -C "$1" diff --quiet HEAD 2>/dev/null; then commit="$commit-dirty"; fi
            text="/// The commit GovLoad was built from (empty outside a git checkout); written by the GitCommit plugin.
            let builtFromCommit = \\"$commit\\""
            [ -f "$2" ] && [ "$(cat "$2")" = "$text" ] || printf '%s\\n' "$text" > "$2"
            """
        return [
            .prebuildCommand(
                displayName: "Reading the git commit", executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", script, "sh", package, file], outputFilesDirectory: output)
        ]
    }
}
