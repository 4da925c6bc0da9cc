import Foundation

/// A file a scenario was read from, with its SHA-256 for the manifest.
public struct ScenarioSource: Sendable, Codable, Equatable {
    /// The path as resolved from the command line or an `extends` key.
    public var path: String
    /// Lower-case hex SHA-256 of the file's bytes.
    public var sha256: String
}

/// A scenario read from disk: the resolved value, its policies and the files it came from.
public struct LoadedScenario: Sendable {
    /// The resolved scenario, without any policy's overlay.
    public var scenario: Scenario
    /// The policies, in file order; one, `baseline`, when the file defines none.
    public var policies: [Policy]
    /// Every file read, the named file first, then its `extends` chain.
    public var sources: [ScenarioSource]

    /// The policy named `name`, if the scenario defines it.
    public func policy(named name: String) -> Policy? { policies.first { $0.name == name } }
}

/// Reads scenario files: follows `extends` chains (a child's keys override its parent's,
/// mappings merge key by key, lists and values replace), then validates and converts the merged
/// tree, reporting every problem with its file, line and column.
public enum ScenarioLoader {
    /// The most files an `extends` chain may hold.
    static let maxChainLength = 32

    /// Loads and validates the scenario in `path`.
    public static func load(path: String) throws(InputError) -> LoadedScenario {
        var sources: [ScenarioSource] = []
        let tree = try loadChain(path: path, visited: [], sources: &sources)
        let sink = DiagnosticSink()
        let fallbackName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        // The scenario as written is the policies' common base.
        var base = tree
        var policiesTree: YAMLTree?
        if case .mapping(let entries, let location) = tree {
            policiesTree = tree["policies"]
            base = .mapping(entries.filter { $0.key != "policies" }, location)
        }
        let scenario = readScenario(base, fallbackName: fallbackName, sink: sink)
        // Overlays are read only on a valid base, so each problem is reported once.
        let policies =
            sink.hasErrors
            ? nil
            : readPolicies(
                policiesTree, base: base, baseScenario: scenario, fallbackName: fallbackName, sink: sink)
        try sink.throwIfAny()
        guard let scenario, let policies else {
            throw InputError(Diagnostic(.file(path), "is not a valid scenario"))
        }
        return LoadedScenario(scenario: scenario, policies: policies, sources: sources)
    }

    /// Loads `path` and, recursively, the files it extends; returns the merged tree.
    static func loadChain(path: String, visited: [String], sources: inout [ScenarioSource]) throws(InputError)
        -> YAMLTree
    {
        let canonical = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        let (loaded, data) = try YAMLTree.load(path: path)
        sources.append(ScenarioSource(path: path, sha256: SHA256.hex(of: data)))
        guard let tree = loaded else {
            throw InputError(
                Diagnostic(.file(path), "is empty; a scenario needs at least 'horizon' and 'channels'"))
        }
        guard case .mapping(let entries, let location) = tree else {
            throw InputError(
                Diagnostic(
                    at: tree.location,
                    "a scenario must be a mapping (key: value lines), not \(tree.shapeName)"))
        }
        guard let extendsEntry = entries.first(where: { $0.key == "extends" }) else { return tree }
        let sink = DiagnosticSink()
        guard let parentName = extendsEntry.value.string("'extends'", sink) else {
            try sink.throwIfAny()
            return tree
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        let parentPath =
            parentName.hasPrefix("/")
            ? parentName : base.appendingPathComponent(parentName).relativePath(from: path)
        let parentCanonical = URL(fileURLWithPath: parentPath).standardizedFileURL.resolvingSymlinksInPath()
            .path
        if parentCanonical == canonical || visited.contains(parentCanonical) {
            throw InputError(
                Diagnostic(
                    at: extendsEntry.value.location,
                    "'extends: \(parentName)' makes a cycle (\((visited + [canonical, parentCanonical]).map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " → ")))"
                ))
        }
        guard visited.count < maxChainLength else {
            throw InputError(
                Diagnostic(
                    at: extendsEntry.value.location, "'extends' chain is longer than \(maxChainLength) files")
            )
        }
        guard FileManager.default.fileExists(atPath: parentPath) else {
            throw InputError(
                Diagnostic(
                    at: extendsEntry.value.location, "'extends: \(parentName)': no such file (\(parentPath))")
            )
        }
        let parent = try loadChain(path: parentPath, visited: visited + [canonical], sources: &sources)
        let own = YAMLTree.mapping(entries.filter { $0.key != "extends" }, location)
        return merge(parent: parent, child: own)
    }

    /// The child's keys over the parent's: mappings merge recursively; anything else replaces.
    static func merge(parent: YAMLTree, child: YAMLTree) -> YAMLTree {
        guard case .mapping(let parentEntries, _) = parent,
            case .mapping(let childEntries, let location) = child
        else { return child }
        var merged = parentEntries
        for entry in childEntries {
            if let index = merged.firstIndex(where: { $0.key == entry.key }) {
                merged[index] = (
                    entry.key, entry.keyLocation, merge(parent: merged[index].value, child: entry.value)
                )
            } else {
                merged.append(entry)
            }
        }
        return .mapping(merged, location)
    }
}

extension URL {
    /// The path of this URL written relative to the working directory when `reference` was relative.
    fileprivate func relativePath(from reference: String) -> String {
        if reference.hasPrefix("/") { return standardizedFileURL.path }
        let cwd = FileManager.default.currentDirectoryPath
        let full = standardizedFileURL.path
        return full.hasPrefix(cwd + "/") ? String(full.dropFirst(cwd.count + 1)) : full
    }
}
