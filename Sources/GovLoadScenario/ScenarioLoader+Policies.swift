import GovLoadAnalysis
import GovLoadEngine
import GovLoadModel
import GovLoadQueueing
import GovLoadSupport

/// The `policies` section: named overlays on the scenario.
///
/// ```yaml
/// policies:
///   baseline: {description: the plan as it stands}
///   early-shift:
///     description: ten more agents from 06:00 to 08:00
///     channels:
///       hotline:
///         schedule: [...]
/// ```
///
/// Each overlay merges into the scenario as `extends` does (mappings key by key, lists and values
/// replace), and the result is validated like any scenario, with errors located in whichever file
/// and line each value came from.
extension ScenarioLoader {
    /// Keys an overlay may set. Keys that define the experiment itself — horizon, warm-up,
    /// replications, seed, reporting — are common to every policy, so that policies stay comparable.
    static let overlayKeys = [
        "description", "channels", "strategies", "departments", "command_centre", "grid", "surge",
        "case_types",
    ]

    /// The implicit policy of a scenario without a `policies` section, and the default baseline.
    public static let baselineName = Policy.baselineName

    /// Reads the policies; a scenario without the section has one, `baseline`, which is the
    /// scenario as written. `adjust` is applied to each policy's merged tree before it is read
    /// (a sweep point sets its values there).
    static func readPolicies(
        _ tree: YAMLTree?, base: YAMLTree, fallbackName: String, sink: DiagnosticSink,
        adjust: (YAMLTree) -> YAMLTree = { $0 }
    ) -> [Policy]? {
        guard let tree else {
            return readScenario(adjust(base), fallbackName: fallbackName, sink: sink).map {
                [Policy(name: baselineName, scenario: $0)]
            }
        }
        guard case .mapping(let entries, _) = tree else {
            sink.report(
                Diagnostic(
                    at: tree.location,
                    "'policies' must be a mapping of policy names to overlays, not \(tree.shapeName)"))
            return nil
        }
        guard !entries.isEmpty else {
            sink.report(
                Diagnostic(
                    at: tree.location, "'policies' is empty; define at least one policy, e.g. 'baseline: {}'")
            )
            return nil
        }
        var policies: [Policy] = []
        var failed = false
        for entry in entries {
            let subject = "policy '\(entry.key)'"
            guard let reader = MappingReader(entry.value, keys: overlayKeys, subject: subject, sink: sink)
            else {
                failed = true
                continue
            }
            let description =
                reader["description"].map { $0.scalarText("'description' of \(subject)", sink) } ?? ""
            var overlayEntries: [(key: String, keyLocation: SourceLocation, value: YAMLTree)] = []
            for key in overlayKeys where key != "description" && key != "channels" {
                if let value = reader[key], let keyLocation = overlayKeyLocation(entry.value, key) {
                    overlayEntries.append((key, keyLocation, value))
                }
            }
            if let channels = reader["channels"] {
                // Channels the scenario does not define are reported, and left out of the merge.
                let known = knownOverlayChannels(channels, base: base, subject: subject, sink: sink)
                if case .mapping(let overlay, let location) = channels {
                    overlayEntries.append(
                        (
                            "channels", channels.location,
                            .mapping(overlay.filter { known.contains($0.key) }, location)
                        ))
                } else {
                    overlayEntries.append(("channels", channels.location, channels))
                }
            }
            let merged = adjust(merge(parent: base, child: .mapping(overlayEntries, entry.value.location)))
            let before = sink.diagnostics.count
            let scenario = readScenario(merged, fallbackName: fallbackName, sink: sink)
            guard let scenario, let description, sink.diagnostics.count == before else {
                failed = true
                continue
            }
            policies.append(Policy(name: entry.key, description: description, scenario: scenario))
        }
        return failed ? nil : policies
    }

    /// Where `key` is written in an overlay.
    static func overlayKeyLocation(_ tree: YAMLTree, _ key: String) -> SourceLocation? {
        guard case .mapping(let entries, _) = tree else { return nil }
        return entries.first { $0.key == key }?.keyLocation
    }

    /// The scenario's channel names; an overlay's channel that the scenario does not define is
    /// most likely a misspelling, and reported.
    static func knownOverlayChannels(
        _ tree: YAMLTree, base: YAMLTree, subject: String, sink: DiagnosticSink
    ) -> Set<String> {
        guard case .mapping(let channels, _)? = base["channels"] else { return [] }
        let known = channels.map(\.key)
        guard case .mapping(let overlay, _) = tree else { return Set(known) }
        for entry in overlay where !known.contains(entry.key) {
            sink.report(
                Diagnostic(
                    at: entry.keyLocation,
                    "\(subject) overrides channel '\(entry.key)', which the scenario does not define"
                        + Suggestion.hint(for: entry.key, in: known)))
        }
        return Set(known)
    }
}
