import ArgumentParser
import GovLoad

/// Shell completion of policy names: the policies of the scenario file already on the command
/// line (the first argument ending in .yaml or .yml), or none while there is none.
enum PolicyCompletion {
    /// The completion kind for a `--policy` option.
    static let kind = CompletionKind.custom { words, _, _ in names(words) }

    /// The policy names of the scenario among `words`; empty if it cannot be read.
    static func names(_ words: [String]) -> [String] {
        guard let path = words.first(where: { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }),
            let loaded = try? ScenarioLoader.load(path: path)
        else { return [] }
        return loaded.policies.map(\.name)
    }
}
