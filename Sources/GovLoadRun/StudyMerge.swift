import Foundation
import GovLoadAnalysis
import GovLoadExperiment
import GovLoadOutput
import GovLoadSupport

/// `govload merge` for sensitivity and robustness studies run in shards (`--shard I/N`): checks
/// that the shards are parts of one study — same GovLoad version, scenario files, seed,
/// replications and design — and together hold every design point or draw once, reads every row
/// of their runs files (a problem names the file and line), then computes the measures from all
/// of them and writes the files one process would have written, byte for byte.
public enum StudyMerge {
    /// The checked shards, ready to merge.
    public struct Plan: Sendable {
        /// The shards' folders and manifests, in the order given.
        public var folders: [String]
        public var manifests: [Manifest]
        /// The study.
        public var study: StudyDesign
        /// Each point's (or draw's) values as written and means: `means[point][policy][metric]`.
        var values: [[String]]
        var means: [[[Double]]]
    }

    /// Whether the folders hold shards of a study (their first manifest says so).
    public static func isStudy(_ folders: [String]) -> Bool {
        guard let first = folders.first, let manifest = try? Manifest.finished(in: first) else {
            return false
        }
        return manifest.study != nil
    }

    /// Reads and checks the shards completely; throws every problem as bad input.
    public static func check(_ folders: [String], into output: String) throws(InputError) -> Plan {
        var manifests: [Manifest] = []
        for folder in folders {
            if ShardMerge.canonical(folder) == ShardMerge.canonical(output) {
                throw InputError(
                    Diagnostic(
                        .file(folder), "is the output folder too; merge into another folder with --out"))
            }
            manifests.append(try Manifest.finished(in: folder))
        }
        let study = try checkAlike(folders, manifests)
        let policies = study.kind == "robustness" ? study.policies.count : 1
        var values = [[String]?](repeating: nil, count: study.points)
        var means = [[[Double]]?](repeating: nil, count: study.points)
        for (folder, manifest) in zip(folders, manifests) {
            try readRuns(
                folder, manifest: manifest, study: study, policies: policies, values: &values, means: &means)
        }
        let missing = values.indices.filter { values[$0] == nil }
        guard missing.isEmpty else {
            throw InputError(
                Diagnostic(
                    .argument("merge"),
                    "the shards lack design point(s) \(missing.prefix(10).map(String.init).joined(separator: ", ")) of \(study.points)"
                ))
        }
        return Plan(
            folders: folders, manifests: manifests, study: study, values: values.compactMap { $0 },
            means: means.compactMap { $0 })
    }

    /// Every shard must be a part `I/N` of the same study as the first, each I once.
    static func checkAlike(_ folders: [String], _ manifests: [Manifest]) throws(InputError) -> StudyDesign {
        guard let first = manifests.first, let study = first.study else {
            throw InputError(
                Diagnostic(.file(folders[0]), "is not a shard of a sensitivity or robustness study"))
        }
        // Sizes no study of GovLoad's writes (the commands refuse them): a damaged or forged manifest.
        guard (1...100_000).contains(study.points), (1...100_000).contains(study.size),
            (1...1_000).contains(study.parameters.count), (1...1_000).contains(study.metrics.count),
            (1...1_000).contains(study.policies.count), ["sensitivity", "robustness"].contains(study.kind)
        else {
            throw InputError(
                Diagnostic(
                    .file(folders[0]), "describes a study GovLoad does not write (its sizes are out of range)"
                ))
        }
        var seen: [Int: String] = [:]
        for (folder, manifest) in zip(folders, manifests) {
            let checks: [(String, Bool)] = [
                ("design", manifest.study == study),
                ("GovLoad version", manifest.version == first.version),
                ("scenario files (SHA-256)", manifest.files.map(\.sha256) == first.files.map(\.sha256)),
                ("seed", manifest.seed == first.seed),
                ("replications", manifest.replications == first.replications),
                ("resolved scenario", manifest.resolvedScenario == first.resolvedScenario),
            ]
            if let (what, _) = checks.first(where: { !$0.1 }) {
                throw InputError(
                    Diagnostic(
                        .file(folder), "is a shard of another study than \(folders[0]): its \(what) differs"))
            }
            let parts = (manifest.shard ?? "").split(separator: "/").compactMap { Int($0) }
            guard parts.count == 2, let count = Int(first.shard?.split(separator: "/").last ?? ""),
                parts[1] == count, (1...count).contains(parts[0])
            else {
                throw InputError(
                    Diagnostic(
                        .file(folder), "is not a shard I/N of the study (run it with --shard I/N, the same N)"
                    ))
            }
            if let other = seen[parts[0]] {
                throw InputError(
                    Diagnostic(.file(folder), "is shard \(parts[0]) again, which \(other) is too"))
            }
            seen[parts[0]] = folder
        }
        return study
    }
}
