import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// A YAML document as a tree of scalars, mappings and sequences in which every node remembers
/// the file, line and column it came from — also after `extends` has merged several files.
public indirect enum YAMLTree: Sendable {
    /// A scalar, as written (quotes removed).
    case scalar(String, SourceLocation, quoted: Bool)
    /// A mapping, keys in file order.
    case mapping([(key: String, keyLocation: SourceLocation, value: YAMLTree)], SourceLocation)
    /// A sequence.
    case sequence([YAMLTree], SourceLocation)

    /// Where the node starts.
    public var location: SourceLocation {
        switch self {
        case .scalar(_, let location, _), .mapping(_, let location), .sequence(_, let location): location
        }
    }

    /// The text of a single value; nil for a mapping or a list.
    public var scalarValue: String? {
        if case .scalar(let text, _, _) = self { return text }
        return nil
    }

    /// The node as YAML on one line, in flow style (`{target: hotline, reserve: 80}`): what a
    /// written scenario (`staffed.yaml`) copies from the file it extends. Values that are not
    /// plainly safe in flow style are double-quoted.
    public var flowText: String {
        switch self {
        case .scalar(let text, _, _):
            let plain =
                !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "_-.%/+".contains($0) }
            guard !plain else { return text }
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                of: "\"", with: "\\\"")
            return "\"\(escaped)\""
        case .mapping(let entries, _):
            return "{" + entries.map { "\($0.key): \($0.value.flowText)" }.joined(separator: ", ") + "}"
        case .sequence(let items, _):
            return "[" + items.map(\.flowText).joined(separator: ", ") + "]"
        }
    }

    /// The node as block YAML, one key a line, lists' items in flow style (`- {from: …}`): a
    /// scenario written back (the manifest's `scenario_yaml`).
    public func blockText(indent: String = "") -> String {
        switch self {
        case .scalar:
            return indent + flowText + "\n"
        case .sequence(let items, _):
            return items.map { indent + "- " + $0.flowText + "\n" }.joined()
        case .mapping(let entries, _):
            return entries.map { entry in
                switch entry.value {
                case .scalar: indent + entry.key + ": " + entry.value.flowText + "\n"
                case .sequence(let items, _) where items.allSatisfy({ $0.scalarValue != nil }):
                    indent + entry.key + ": " + entry.value.flowText + "\n"
                case .mapping(let children, _) where children.isEmpty: indent + entry.key + ": {}\n"
                default: indent + entry.key + ":\n" + entry.value.blockText(indent: indent + "  ")
                }
            }.joined()
        }
    }

    /// The same tree with the value at `path` (keys from the root) replaced by `transform` of it,
    /// when there is one.
    public func replacing(_ path: [String], _ transform: (YAMLTree) -> YAMLTree) -> YAMLTree {
        guard let key = path.first, case .mapping(let entries, let location) = self else { return self }
        return .mapping(
            entries.map { entry in
                guard entry.key == key else { return entry }
                let value =
                    path.count == 1
                    ? transform(entry.value) : entry.value.replacing(Array(path.dropFirst()), transform)
                return (entry.key, entry.keyLocation, value)
            }, location)
    }

    /// A short name of the node's shape, for messages.
    var shapeName: String {
        switch self {
        case .scalar: "a single value"
        case .mapping: "a mapping (key: value lines)"
        case .sequence: "a list"
        }
    }

    /// The value under `key`, when this is a mapping that has it.
    public subscript(key: String) -> YAMLTree? {
        guard case .mapping(let entries, _) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// Parses YAML text (see `YAMLComposer` for what is refused); nil for a file with no document.
    public static func parse(_ text: String, file: String) throws(InputError) -> YAMLTree? {
        try YAMLComposer.compose(Array(text.utf8), file: file)
    }

    /// Parses a scenario file's bytes, which must be UTF-8.
    public static func parse(bytes: [UInt8], file: String) throws(InputError) -> YAMLTree? {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw InputError(Diagnostic(.file(file), "is not UTF-8 text"))
        }
        return try YAMLComposer.compose(bytes, file: file)
    }

    /// Reads and parses a scenario file (see `ScenarioInput.read` for what is refused).
    public static func load(path: String, kind: String = "scenario file") throws(InputError) -> (
        tree: YAMLTree?, data: [UInt8]
    ) {
        let bytes = try ScenarioInput.read(path, limit: ScenarioInput.maxScenarioBytes, kind: kind)
        return (try parse(bytes: bytes, file: path), bytes)
    }
}
