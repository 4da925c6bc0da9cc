import Foundation
import Yams

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

    /// Parses YAML text. Syntax errors, duplicate keys, anchors and aliases, and non-scalar keys
    /// are reported as diagnostics located in `file`.
    public static func parse(_ text: String, file: String) throws(InputError) -> YAMLTree? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw InputError(describe(error, file: file))
        } catch {
            throw InputError(Diagnostic(.file(file), "cannot parse YAML: \(error)"))
        }
        guard let node else { return nil }
        let sink = DiagnosticSink()
        let tree = convert(node, file: file, sink: sink)
        try sink.throwIfAny()
        return tree
    }

    /// Reads and parses a file.
    public static func load(path: String) throws(InputError) -> (tree: YAMLTree?, data: Data) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason =
                FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw InputError(Diagnostic(.file(path), "\(reason)"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(Diagnostic(.file(path), "is not UTF-8 text"))
        }
        return (try parse(text, file: path), data)
    }

    private static func location(_ mark: Mark?, file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private static func convert(_ node: Node, file: String, sink: DiagnosticSink) -> YAMLTree {
        let here = location(node.mark, file: file)
        switch node {
        case .scalar(let scalar):
            return .scalar(scalar.string, here, quoted: scalar.style != .plain && scalar.style != .any)
        case .sequence(let sequence):
            return .sequence(sequence.map { convert($0, file: file, sink: sink) }, here)
        case .mapping(let mapping):
            var entries: [(key: String, keyLocation: SourceLocation, value: YAMLTree)] = []
            var seen: [String: SourceLocation] = [:]
            for (keyNode, valueNode) in mapping {
                let keyLocation = location(keyNode.mark, file: file)
                guard case .scalar(let keyScalar) = keyNode else {
                    sink.report(
                        Diagnostic(
                            at: keyLocation,
                            "a key must be a plain name, not \(convert(keyNode, file: file, sink: sink).shapeName)"
                        ))
                    continue
                }
                let key = keyScalar.string
                if let first = seen[key] {
                    sink.report(
                        Diagnostic(
                            at: keyLocation,
                            "duplicate key '\(key)' (first at line \(first.line)); remove one"))
                    continue
                }
                seen[key] = keyLocation
                entries.append((key, keyLocation, convert(valueNode, file: file, sink: sink)))
            }
            return .mapping(entries, here)
        case .alias:
            sink.report(
                Diagnostic(
                    at: here, "YAML aliases (*name) are not supported; write the value out or use 'extends'"))
            return .scalar("", here, quoted: false)
        }
    }

    private static func describe(_ error: YamlError, file: String) -> Diagnostic {
        func at(_ mark: Mark, _ problem: String, _ context: YamlError.Context?) -> Diagnostic {
            var message = "invalid YAML: \(problem)"
            if let context { message += " \(context.text)" }
            return Diagnostic(at: SourceLocation(file: file, line: mark.line, column: mark.column), message)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _): return at(mark, problem, context)
        case .parser(let context, let problem, let mark, _): return at(mark, problem, context)
        case .composer(let context, let problem, let mark, _): return at(mark, problem, context)
        case .reader(let problem, let offset, _, _):
            return Diagnostic(.file(file), "invalid text: \(problem)\(offset.map { " at byte \($0)" } ?? "")")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(
                at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                "duplicate key '\(duplicates.joined(separator: "', '"))' in this mapping; keep one")
        default:
            return Diagnostic(.file(file), "invalid YAML: \(error)")
        }
    }
}
