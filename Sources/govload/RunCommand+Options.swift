import Foundation
import GovLoad

/// `govload run`'s options checked and gathered into `RunOptions`: every problem at once, each
/// naming its option. Values that belong to the scenario (`--horizon`, `--scale`, `--seed`,
/// `--replications`) are handed on as overrides, checked as the file's values are.
extension RunCommand {
    func runOptions() throws(InputError) -> RunOptions {
        var problems: [Diagnostic] = []
        var options = common.runOptions(scenario: scenario, &problems)
        let shardParts = shard.map { (index: $0.shard.index, count: $0.shard.count) }
        let precisionTarget = parsedPrecision(&problems)
        if let maxReplications, !(2...100_000).contains(maxReplications) {
            problems.append(
                Diagnostic(
                    .argument("--max-replications"), "must be between 2 and 100000, got \(maxReplications)"))
        }
        if replication != nil && precision != nil {
            problems.append(Diagnostic(.argument("--replication"), "cannot be combined with --precision"))
        }
        if sweepPoint != nil && shard != nil {
            problems.append(Diagnostic(.argument("--shard"), "cannot be combined with --sweep-point"))
        }
        if mpi
            && (shard != nil || sweepPoint != nil || precision != nil || replication != nil
                || compress != nil)
        {
            problems.append(
                Diagnostic(
                    .argument("--mpi"),
                    "cannot be combined with --shard, --sweep-point, --precision, --replication or --compress"
                ))
        }
        if mpi && profile {
            problems.append(Diagnostic(.argument("--mpi"), "cannot be combined with --profile"))
        }
        if shard != nil && (precision != nil || replication != nil) {
            problems.append(
                Diagnostic(
                    .argument("--shard"),
                    "cannot be combined with --precision or --replication (a shard runs a fixed share of every run)"
                ))
        }
        let memoryLimit = parsedMemoryLimit(&problems)
        if let maxRows, !(maxRows >= 1) {
            problems.append(Diagnostic(.argument("--max-rows"), "must be a positive number of rows"))
        }
        let compression = compress.flatMap { OutputCompression(rawValue: $0) }
        if let compress, compression == nil {
            problems.append(Diagnostic(.argument("--compress"), "must be gzip or zstd, got '\(compress)'"))
        }
        if compress != nil && (shard != nil || sweepPoint != nil) {
            problems.append(
                Diagnostic(
                    .argument("--compress"),
                    "cannot be combined with --shard or --sweep-point (merge reads plain CSV)"))
        }
        guard problems.isEmpty else { throw InputError(problems) }
        options.policies = policy
        options.baseline = baseline
        options.sweepPoint = sweepPoint
        options.replication = replication
        options.compression = compression
        options.precision = precisionTarget
        if let maxReplications { options.maxReplications = maxReplications }
        options.shard = shardParts
        options.cases = cases
        if let memoryLimit { options.maxMemory = memoryLimit }
        if let maxRows { options.maxRows = maxRows }
        return options
    }

    /// `--precision`, a share strictly between 0 and 1, or a problem.
    func parsedPrecision(_ problems: inout [Diagnostic]) -> Double? {
        guard let precision else { return nil }
        if case .success(let share) = Units.probability(precision), share > 0, share < 1 { return share }
        problems.append(
            Diagnostic(
                .argument("--precision"), "must be a share between 0% and 100%, e.g. 5%; got '\(precision)'"))
        return nil
    }

    /// `--max-memory` in bytes, or a problem.
    func parsedMemoryLimit(_ problems: inout [Diagnostic]) -> Double? {
        guard let maxMemory else { return nil }
        if let bytes = Units.bytes(maxMemory) { return bytes }
        problems.append(
            Diagnostic(
                .argument("--max-memory"), "must be a size such as 800MiB or 16GiB; got '\(maxMemory)'"))
        return nil
    }
}

extension ScenarioOverride {
    /// `--set PATH=VALUE`, repeatable: any scenario value by its dotted key (as `sweep` names
    /// keys), set before the file is read so it meets the file's checks; a malformed one is added
    /// to `problems`.
    static func sets(_ texts: [String], _ problems: inout [Diagnostic]) -> [ScenarioOverride] {
        texts.compactMap { text in
            guard let equals = text.firstIndex(of: "=") else {
                problems.append(
                    Diagnostic(
                        .argument("--set"), "must be PATH=VALUE, e.g. grid.patrol_find=40%; got '\(text)'"))
                return nil
            }
            let path = String(text[..<equals])
            let value = String(text[text.index(after: equals)...])
            guard !path.isEmpty, !path.split(separator: ".", omittingEmptySubsequences: false).contains(""),
                !value.trimmingCharacters(in: .whitespaces).isEmpty
            else {
                problems.append(
                    Diagnostic(
                        .argument("--set"), "must be PATH=VALUE with a dotted key and a value; got '\(text)'")
                )
                return nil
            }
            return ScenarioOverride(path, value, argument: "--set \(path)")
        }
    }

    /// The run settings `run` and `calibrate` take on the command line (`--horizon`, `--scale`,
    /// `--seed`, `--replications`) as overrides of the scenario's keys.
    static func settings(horizon: String?, scale: String?, seed: String?, replications: String?)
        -> [ScenarioOverride]
    {
        [
            horizon.map { ScenarioOverride("horizon", $0, argument: "--horizon") },
            scale.map { ScenarioOverride("city.scale", $0, argument: "--scale") },
            seed.map { ScenarioOverride("seed", $0, argument: "--seed") },
            replications.map { ScenarioOverride("replications", $0, argument: "--replications") },
        ].compactMap { $0 }
    }
}
