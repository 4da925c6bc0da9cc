import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

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
    /// The policies, in file order; one, `baseline`, when the file defines none. With a sweep,
    /// the policies at its first point.
    public var policies: [Policy]
    /// The swept keys, dotted, in file order; empty without a sweep.
    public var sweepKeys: [String]
    /// The sweep's points, the first key varying slowest; one empty point without a sweep.
    public var points: [SweepPoint]
    /// The policies resolved at each point: `variants[point][policy]`.
    public var variants: [[Policy]]
    /// Every file read, the named file first, then its `extends` chain.
    public var sources: [ScenarioSource]
    /// `targets`: the calibration targets file, resolved against the folder of the scenario file
    /// that names it; nil when no file of the chain does.
    public var targetsPath: String? = nil
    /// The values the scenario declares uncertain (`uncertain:`), in file order.
    public var uncertain: [UncertainParameter] = []
    /// The merged tree the scenario was read from (its `extends` chain and `--set` applied).
    public var tree: YAMLTree? = nil

    /// The scenario in its own language, after `extends` and `--set`: block YAML that `govload
    /// run` takes as it is from any folder (the paths of seed data and targets made absolute).
    public var resolvedYAML: String? {
        guard var tree else { return nil }
        for path in [["targets"], ["city", "districts"]] {
            tree = tree.replacing(path) { node in
                guard case .scalar(let text, let location, let quoted) = node, !text.hasPrefix("/") else {
                    return node
                }
                let base = URL(fileURLWithPath: location.file).deletingLastPathComponent()
                return .scalar(
                    base.appendingPathComponent(text).standardizedFileURL.path, location, quoted: quoted)
            }
        }
        return "# The scenario as GovLoad read it: its extends chain merged and --set applied.\n"
            + tree.blockText()
    }

    /// The policy named `name`, if the scenario defines it.
    public func policy(named name: String) -> Policy? { policies.first { $0.name == name } }
}

/// Reads scenario files: follows `extends` chains (a child's keys override its parent's,
/// mappings merge key by key, lists and values replace), then validates and converts the merged
/// tree, reporting every problem with its file, line and column.
public enum ScenarioLoader {
    /// The most files an `extends` chain may hold.
    static let maxChainLength = 32

    /// Loads and validates the scenario in `path`, with `overrides` from the command line set
    /// into it before anything is read (so they are checked as the file's values are, and win
    /// over the file, its policies and its sweep).
    /// `contents`: the file's bytes when they are already in hand (the fuzzer's input); the files
    /// it extends are read from disk all the same.
    public static func load(path: String, contents: [UInt8]? = nil, overrides: [ScenarioOverride] = [])
        throws(InputError) -> LoadedScenario
    {
        var sources: [ScenarioSource] = []
        let written = try loadChain(path: path, visited: [], sources: &sources, contents: contents)
        let tree = try applying(overrides, to: written)
        let sink = DiagnosticSink()
        let fallbackName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        // The scenario as written is the policies' common base.
        var base = tree
        var policiesTree: YAMLTree?
        var sweepTree: YAMLTree?
        if case .mapping(let entries, let location) = tree {
            policiesTree = tree["policies"]
            sweepTree = tree["sweep"]
            base = .mapping(
                entries.filter { !["policies", "sweep", "targets", "uncertain"].contains($0.key) }, location)
        }
        let targetsPath = tree["targets"].flatMap { readTargetsPath($0, sink: sink) }
        let uncertain = tree["uncertain"].map { readUncertain($0, sink: sink) } ?? []
        let scenario = readScenario(base, fallbackName: fallbackName, sink: sink)
        // Overlays and sweeps are read only on a valid base, so each problem is reported once.
        guard !sink.hasErrors, let scenario else {
            try sink.throwIfAny()
            throw InputError(Diagnostic(.file(path), "is not a valid scenario"))
        }
        guard let axes = readSweep(sweepTree, base: base, sink: sink) else {
            try sink.throwIfAny()
            throw InputError(Diagnostic(.file(path), "has an invalid sweep"))
        }
        try checkVariantCount(axes: axes, policies: policiesTree, sweep: sweepTree)
        var points: [SweepPoint] = []
        var variants: [[Policy]] = []
        for point in Self.points(of: axes) {
            let policies = readPolicies(policiesTree, base: base, fallbackName: fallbackName, sink: sink) {
                tree in
                point.reduce(tree) { tree, choice in
                    let axis = axes[choice.axis]
                    let value = axis.values[choice.value]
                    return setting(
                        axis.path[...], to: .scalar(value.text, value.location, quoted: false), in: tree)
                }
            }
            points.append(SweepPoint(values: point.map { axes[$0.axis].values[$0.value].text }))
            if let policies { variants.append(policies) }
        }
        try sink.throwIfAny()
        guard variants.count == points.count, let first = variants.first else {
            throw InputError(Diagnostic(.file(path), "is not a valid scenario"))
        }
        var loaded = LoadedScenario(
            scenario: scenario, policies: first, sweepKeys: axes.map(\.key), points: points,
            variants: variants,
            sources: sources)
        loaded.targetsPath = targetsPath
        loaded.uncertain = uncertain ?? []
        loaded.tree = tree
        return loaded
    }

    /// `targets: FILE`: a path relative to the scenario file that says it.
    static func readTargetsPath(_ node: YAMLTree, sink: DiagnosticSink) -> String? {
        guard let name = node.string("'targets'", sink) else { return nil }
        guard !name.hasPrefix("/") else { return name }
        return URL(fileURLWithPath: node.location.file).deletingLastPathComponent().appendingPathComponent(
            name
        )
        .relativePath(from: node.location.file)
    }

    /// The most resolved scenarios (sweep points × policies) a file may ask for: each is read and
    /// checked like a scenario of its own, so a million would take minutes and gigabytes before a
    /// run could even be estimated.
    static let maxVariants = 10_000

    /// Refuses a sweep whose points × policies pass `maxVariants`, before any is read.
    static func checkVariantCount(axes: [SweepAxis], policies: YAMLTree?, sweep: YAMLTree?) throws(InputError)
    {
        var count = 1
        if case .mapping(let entries, _)? = policies { count = max(1, entries.count) }
        let points = axes.reduce(1) { $0 * $1.values.count }
        guard let sweep, points * count > maxVariants else { return }
        throw InputError(
            Diagnostic(
                at: sweep.location,
                "the sweep has \(points) points × \(count) policies = \(points * count) scenarios to check; at most \(maxVariants) are allowed (split the sweep into several files, or run fewer policies per file)"
            ))
    }

    /// `tree` with the command line's values set in; an override of a key the scenario sweeps is
    /// refused (one of the two would be ignored).
    static func applying(_ overrides: [ScenarioOverride], to tree: YAMLTree) throws(InputError) -> YAMLTree {
        guard !overrides.isEmpty else { return tree }
        if case .mapping(let swept, _)? = tree["sweep"] {
            let clashes = overrides.filter { override in swept.contains { $0.key == override.key } }
            guard clashes.isEmpty else {
                throw InputError(
                    clashes.map {
                        Diagnostic(
                            .argument($0.argument),
                            "sets '\($0.key)', which the scenario sweeps; remove one of the two")
                    })
            }
        }
        let homeless = overrides.filter { $0.path.count > 1 && tree[$0.path[0]] == nil }
        guard homeless.isEmpty else {
            throw InputError(
                homeless.map {
                    Diagnostic(
                        .argument($0.argument),
                        "sets '\($0.key)', and the scenario has no '\($0.path[0])' section")
                })
        }
        return overrides.reduce(tree) { $1.applied(to: $0) }
    }

    /// Loads `path` and, recursively, the files it extends; returns the merged tree.
    static func loadChain(
        path: String, visited: [String], sources: inout [ScenarioSource], contents: [UInt8]? = nil
    ) throws(InputError) -> YAMLTree {
        let canonical = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else {
            // Not read at all: its lines must never be echoed back as "unknown key" messages.
            throw InputError(
                Diagnostic(
                    .file(path), "a scenario file's name must end in .yaml or .yml; this one is not read"))
        }
        let loaded: YAMLTree?
        let data: [UInt8]
        if let contents {
            (loaded, data) = (try YAMLTree.parse(bytes: contents, file: path), contents)
        } else {
            (loaded, data) = try YAMLTree.load(path: path)
        }
        sources.append(ScenarioSource(path: path, sha256: SHA256.hex(of: Data(data))))
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
        guard entries.isEmpty || entries.contains(where: { topLevelKeys.contains($0.key) }) else {
            // A YAML file of something else: say so, without quoting its keys back.
            throw InputError(
                Diagnostic(
                    .file(path), "is not a GovLoad scenario: none of its top-level keys is a scenario key"))
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

    /// Keys that replace others of the parent's mapping: a grid's patrol is a rate or worker
    /// time, and staff a constant headcount or a schedule, so a child that gives one drops the
    /// parent's other.
    static let replacedKeys: [String: Set<String>] = [
        "patrol_round": ["patrol_detection"],
        "patrol_detection": ["patrol_round", "patrol_find"],
        "schedule": ["servers"],
        "servers": ["schedule"],
    ]

    /// The child's keys over the parent's: mappings merge recursively; anything else replaces.
    static func merge(parent: YAMLTree, child: YAMLTree) -> YAMLTree {
        guard case .mapping(let parentEntries, _) = parent,
            case .mapping(let childEntries, let location) = child
        else { return child }
        let dropped = childEntries.reduce(into: Set<String>()) { $0.formUnion(replacedKeys[$1.key] ?? []) }
        var merged = parentEntries.filter { !dropped.contains($0.key) }
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
