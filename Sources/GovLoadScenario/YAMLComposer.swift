// libyaml's event parser, as bundled by Yams (its CYaml target): GovLoad builds its own tree from
// the events so that nothing is expanded, hashed or nested beyond a limit before it is checked.
import CYaml
import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// Builds a `YAMLTree` from libyaml's parse events, refusing what a scenario never needs and an
/// attacker could use before anything is expanded:
/// - anchors (`&name`) and aliases (`*name`): an alias bomb of a few hundred bytes expands to
///   gigabytes, so the first anchor or alias is an error, located where it is written;
/// - more than one document (`---` twice);
/// - nesting deeper than `maxDepth`, and more than `maxNodes` values;
/// - non-scalar keys, and duplicate keys (located at the duplicate, naming the first).
/// Every problem is a diagnostic at its file, line and column (1-based).
struct YAMLComposer {
    /// The deepest nesting of mappings and lists accepted (Shenzhen's scenarios reach 7).
    static let maxDepth = 64
    /// The most values (scalars, mappings, lists) in one file.
    static let maxNodes = 2_000_000

    /// libyaml's scanner reads flow collections ahead of the events, so its own nesting limit (one
    /// more than ours, so that ours speaks first when it can) stops `[[[[…` before it is scanned.
    /// A process-wide setting: made once (a lazy static), never raced.
    private static let libyamlLimit: Void = yaml_set_max_nest_level(Int32(maxDepth + 1))

    private var parser = yaml_parser_t()
    private let file: String
    private let sink = DiagnosticSink()
    private var nodes = 0

    /// Parses `bytes` (UTF-8) of `file`; nil for a file with no document (empty, or comments only).
    static func compose(_ bytes: [UInt8], file: String) throws(InputError) -> YAMLTree? {
        var composer = YAMLComposer(file: file)
        return try bytes.withUnsafeBufferPointer { buffer throws(InputError) in
            try composer.run(buffer)
        }
    }

    private init(file: String) { self.file = file }

    private mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) throws(InputError) -> YAMLTree? {
        guard yaml_parser_initialize(&parser) == 1 else {
            throw InputError(Diagnostic(.file(file), "cannot start the YAML parser (out of memory)"))
        }
        defer { yaml_parser_delete(&parser) }
        _ = Self.libyamlLimit
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        var root: YAMLTree?
        var documents = 0
        while true {
            var event = try next()
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                try sink.throwIfAny()
                return root
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    throw InputError(
                        Diagnostic(
                            at: location(event.start_mark),
                            "a second YAML document starts here; a scenario file holds one document (remove the '---')"
                        ))
                }
            case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT:
                continue
            default:
                root = try node(from: &event, depth: 1)
            }
        }
    }

    /// The next event, or the parser's error as a located diagnostic.
    private mutating func next() throws(InputError) -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { throw InputError(parserError()) }
        return event
    }

    /// The node that `event` starts; mappings and lists read their events up to their end.
    private mutating func node(from event: inout yaml_event_t, depth: Int) throws(InputError) -> YAMLTree {
        let here = location(event.start_mark)
        nodes += 1
        if nodes > Self.maxNodes {
            throw InputError(Diagnostic(at: here, "the file holds more than \(Self.maxNodes) values"))
        }
        if depth > Self.maxDepth {
            throw InputError(Diagnostic(at: here, "values nest more than \(Self.maxDepth) levels deep here"))
        }
        switch event.type {
        case YAML_ALIAS_EVENT:
            throw InputError(
                Diagnostic(
                    at: here,
                    "YAML aliases (*\(Self.text(event.data.alias.anchor))) are not supported; write the value out or use 'extends'"
                ))
        case YAML_SCALAR_EVENT:
            try refuseAnchor(event.data.scalar.anchor, at: here)
            let scalar = event.data.scalar
            let text = String(
                decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let quoted = scalar.style != YAML_PLAIN_SCALAR_STYLE && scalar.style != YAML_ANY_SCALAR_STYLE
            return .scalar(text, here, quoted: quoted)
        case YAML_SEQUENCE_START_EVENT:
            try refuseAnchor(event.data.sequence_start.anchor, at: here)
            return .sequence(try items(depth: depth), here)
        case YAML_MAPPING_START_EVENT:
            try refuseAnchor(event.data.mapping_start.anchor, at: here)
            return .mapping(try entries(depth: depth), here)
        default:
            throw InputError(Diagnostic(at: here, "invalid YAML: unexpected event"))
        }
    }

    private mutating func items(depth: Int) throws(InputError) -> [YAMLTree] {
        var items: [YAMLTree] = []
        while true {
            var event = try next()
            defer { yaml_event_delete(&event) }
            if event.type == YAML_SEQUENCE_END_EVENT { return items }
            items.append(try node(from: &event, depth: depth + 1))
        }
    }

    private mutating func entries(depth: Int) throws(InputError) -> [(
        key: String, keyLocation: SourceLocation, value: YAMLTree
    )] {
        var entries: [(key: String, keyLocation: SourceLocation, value: YAMLTree)] = []
        var seen: [String: SourceLocation] = [:]
        while true {
            var keyEvent = try next()
            defer { yaml_event_delete(&keyEvent) }
            if keyEvent.type == YAML_MAPPING_END_EVENT { return entries }
            let key = try node(from: &keyEvent, depth: depth + 1)
            var valueEvent = try next()
            defer { yaml_event_delete(&valueEvent) }
            let value = try node(from: &valueEvent, depth: depth + 1)
            guard case .scalar(let name, let keyLocation, _) = key else {
                sink.report(Diagnostic(at: key.location, "a key must be a plain name, not \(key.shapeName)"))
                continue
            }
            if let first = seen[name] {
                sink.report(
                    Diagnostic(
                        at: keyLocation,
                        "duplicate key '\(name)' (first at line \(first.line), column \(first.column)); remove one"
                    ))
                continue
            }
            seen[name] = keyLocation
            entries.append((name, keyLocation, value))
        }
    }

    private func refuseAnchor(_ anchor: UnsafeMutablePointer<yaml_char_t>?, at here: SourceLocation)
        throws(InputError)
    {
        guard let anchor else { return }
        throw InputError(
            Diagnostic(
                at: here,
                "YAML anchors (&\(Self.text(anchor))) are not supported; write the value out or use 'extends'"
            ))
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    /// The parser's error, located; a problem in the text itself (not UTF-8, a control
    /// character) at its byte offset.
    private func parserError() -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        if parser.error == YAML_READER_ERROR {
            return Diagnostic(.file(file), "invalid text: \(problem) at byte \(parser.problem_offset)")
        }
        if parser.error == YAML_MEMORY_ERROR {
            return Diagnostic(.file(file), "the YAML parser ran out of memory")
        }
        if problem.hasPrefix("Maximum nesting level reached") {
            return Diagnostic(
                at: location(parser.problem_mark), "values nest more than \(Self.maxDepth) levels deep here")
        }
        var message = "invalid YAML: \(problem)"
        if let context = parser.context { message += " \(String(cString: context))" }
        return Diagnostic(at: location(parser.problem_mark), message)
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }
}
