import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// A value set from the command line (`--horizon 30d`, `--seed 9`, `--scale 0.1`,
/// `--replications 3`) in place of the scenario file's. It is written into the scenario's tree
/// before anything is read, so it meets every check a value in the file meets, and the resolved
/// scenario, every policy and the manifest all carry it: there is one source of run settings.
public struct ScenarioOverride: Sendable, Equatable {
    /// The dotted key it sets, split: `["city", "scale"]`.
    public var path: [String]
    /// The value as typed.
    public var value: String
    /// The option that set it (`--scale`); problems with the value are reported against it.
    public var argument: String

    /// Creates an override of the key at `path` (dotted) by `argument`.
    public init(_ path: String, _ value: String, argument: String) {
        self.path = path.split(separator: ".").map(String.init)
        self.value = value
        self.argument = argument
    }

    /// The dotted key.
    public var key: String { path.joined(separator: ".") }

    /// Where a value from the command line is said to come from: the option itself (line 0, which
    /// `SourceLocation` prints as the option's name alone).
    var location: SourceLocation { SourceLocation(file: argument, line: 0, column: 0) }

    /// `tree` with this override's value at its path; missing mappings on the way are made.
    func applied(to tree: YAMLTree) -> YAMLTree {
        Self.setting(path[...], to: .scalar(value, location, quoted: false), in: tree, at: location)
    }

    static func setting(
        _ path: ArraySlice<String>, to value: YAMLTree, in tree: YAMLTree, at origin: SourceLocation
    )
        -> YAMLTree
    {
        guard let key = path.first else { return value }
        guard case .mapping(var entries, let location) = tree else { return tree }
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].value = setting(path.dropFirst(), to: value, in: entries[index].value, at: origin)
        } else {
            let fresh = YAMLTree.mapping([], origin)
            entries.append((key, origin, setting(path.dropFirst(), to: value, in: fresh, at: origin)))
        }
        return .mapping(entries, location)
    }
}
