/// A place in an input file, 1-based.

public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file's path as the user gave it.
    public var file: String
    /// Line, from 1.
    public var line: Int
    /// Column, from 1.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `FILE:LINE:COL`; a value set on the command line has line 0 and is named by its option
    /// alone (`--horizon`).
    public var description: String { line == 0 ? file : "\(file):\(line):\(column)" }
}

/// One problem with the user's input: a scenario file or a command-line argument.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is: a file position, a whole file, or an argument.
    public enum Place: Sendable, Hashable {
        /// A position in a file.
        case location(SourceLocation)
        /// A file as a whole (it cannot be read, say).
        case file(String)
        /// A command-line argument or option.
        case argument(String)
    }

    /// Where the problem is.
    public var place: Place
    /// What is wrong, and what would be right, in a sentence for a person.
    public var message: String

    /// Creates a diagnostic.
    public init(_ place: Place, _ message: String) {
        self.place = place
        self.message = message
    }

    /// A diagnostic at a file position.
    public init(at location: SourceLocation, _ message: String) {
        self.init(.location(location), message)
    }

    /// One line: `FILE:LINE:COL: message`, `FILE: message` or `argument NAME: message`.
    public var description: String {
        switch place {
        case .location(let location): "\(location): \(message)"
        case .file(let file): "\(file): \(message)"
        case .argument(let name): "\(name): \(message)"
        }
    }
}

/// One or more diagnostics: the error thrown when input is rejected (exit code 2).
public struct InputError: Error, Sendable, CustomStringConvertible {
    /// Every problem found, in file order.
    public var diagnostics: [Diagnostic]

    /// Creates the error.
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// A single diagnostic as an error.
    public init(_ diagnostic: Diagnostic) { self.diagnostics = [diagnostic] }

    /// One diagnostic a line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics while input is read, so that every problem is reported at once.
public final class DiagnosticSink {
    /// What has been collected, in the order found.
    public private(set) var diagnostics: [Diagnostic] = []

    /// Creates an empty sink.
    public init() {}

    /// Records a problem.
    public func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// Whether any problem was recorded.
    public var hasErrors: Bool { !diagnostics.isEmpty }

    /// Throws the collected problems, sorted by file position, if there are any.
    public func throwIfAny() throws(InputError) {
        guard hasErrors else { return }
        throw InputError(Self.sorted(diagnostics))
    }

    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        // The same problem found more than once (a swept value at every policy) is reported once.
        var seen = Set<Diagnostic>()
        let diagnostics = diagnostics.filter { seen.insert($0).inserted }
        // stable sort by (file, line, column); non-positional ones keep their order first
        return diagnostics.enumerated().sorted { a, b in
            switch (a.element.place, b.element.place) {
            case (.location(let x), .location(let y)):
                if x.file != y.file { return a.offset < b.offset }
                if x.line != y.line { return x.line < y.line }
                if x.column != y.column { return x.column < y.column }
                return a.offset < b.offset
            case (.location, _): return false
            case (_, .location): return true
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}
