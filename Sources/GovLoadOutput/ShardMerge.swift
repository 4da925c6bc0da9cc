import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport

/// `govload merge`: joins the output folders of a sweep split with `--shard` or `--sweep-point`
/// into one folder, byte-identical to the same sweep run in one process.
///
/// Nothing is written until every shard has been checked completely (`check`): its manifest is
/// a finished run of the same scenario files, version, seed, replications, policies and sweep;
/// together the shards cover every sweep point once; and every row of every file is read — its
/// columns, its numbers, the run or point it belongs to (one the shard's manifest claims), no run
/// missing, repeated or cut short. Any problem is bad input (exit 2) naming the shard's file and
/// line. Then `merge` streams the rows into the claimed output folder, the manifest last.
public enum ShardMerge {
    /// One shard: its folder and its manifest.
    public struct Shard: Sendable {
        /// The shard's folder, as given.
        public var folder: String
        /// Its manifest.
        public var manifest: Manifest
        /// The file `name` in the shard.
        func file(_ name: String) -> String { URL(fileURLWithPath: folder).appendingPathComponent(name).path }
    }

    /// The checked shards, ready to merge.
    public struct Plan: Sendable {
        /// The shards in the order given.
        public var shards: [Shard]
        /// The files to join, in the order written.
        var files: [String]
        /// Which shard ran each run (sweep point × policy × replication, in order).
        var owner: [Int]
    }

    /// Reads and checks the shards completely; throws every problem as bad input.
    public static func check(_ folders: [String], into output: String? = nil) throws(InputError) -> Plan {
        guard !folders.isEmpty else {
            throw InputError(Diagnostic(.argument("merge"), "name the shard folders to join"))
        }
        let shards = try folders.map { folder throws(InputError) in try readShard(folder, output: output) }
        try checkAlike(shards)
        let owner = try runOwners(shards)
        let files = try fileList(shards)
        var created: [RunKey: Int] = [:]
        let metrics = runMetrics(shards[0])
        for name in files {
            let shape = ResultFileShape(
                name: name, sweepKeys: shards[0].manifest.sweepKeys, runMetrics: metrics)
            var counts = RowCounts()
            for shard in shards {
                try checkRows(of: shape, in: shard, counts: &counts, created: &created)
            }
        }
        return Plan(shards: shards, files: files, owner: owner)
    }

    /// The metric columns of a shard's `runs.csv` (its header between the leading columns and the
    /// swept keys); every shard must have the same, which `checkRows` holds them to.
    static func runMetrics(_ shard: Shard) -> [String] {
        guard let reader = CSVReader(path: shard.file("runs.csv")), let header = try? reader.next() else {
            return []
        }
        let fields = header.fields
        let leading = ResultWriter.runsColumns.count
        let trailing = shard.manifest.sweepKeys.count
        guard fields.count >= leading + trailing, Array(fields.prefix(leading)) == ResultWriter.runsColumns
        else {
            return []
        }
        return Array(fields[leading..<(fields.count - trailing)])
    }

    /// A shard's manifest, which must say the run finished.
    static func readShard(_ folder: String, output: String?) throws(InputError) -> Shard {
        if let output, canonical(output) == canonical(folder) {
            throw InputError(
                Diagnostic(.file(folder), "is the output folder too; merge into another folder with --out"))
        }
        let manifest = try Manifest.finished(in: folder)
        if manifest.outputs.contains(where: { $0.hasSuffix(".gz") || $0.hasSuffix(".zst") }) {
            throw InputError(
                Diagnostic(
                    .file(folder),
                    "holds compressed files (--compress); merge joins shards written as plain CSV"))
        }
        if let replication = manifest.replication {
            throw InputError(
                Diagnostic(
                    .file(folder),
                    "holds replication \(replication) alone (--replication), not a shard of a sweep; it cannot be merged"
                ))
        }
        return Shard(folder: folder, manifest: manifest)
    }

    /// `path` with `.`, `..` and symbolic links resolved: two names of one folder compare equal.
    package static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Every shard must be a part of the same run as the first.
    static func checkAlike(_ shards: [Shard]) throws(InputError) {
        let first = shards[0].manifest
        for shard in shards.dropFirst() {
            let manifest = shard.manifest
            let checks: [(String, Bool)] = [
                ("GovLoad version", manifest.version == first.version),
                ("scenario", manifest.scenario == first.scenario),
                ("scenario files (SHA-256)", manifest.files.map(\.sha256) == first.files.map(\.sha256)),
                ("seed", manifest.seed == first.seed),
                ("replications", manifest.replications == first.replications),
                ("policies", manifest.policies.map(\.name) == first.policies.map(\.name)),
                ("sweep", manifest.sweepKeys == first.sweepKeys && manifest.points == first.points),
                ("resolved scenario", manifest.resolvedScenario == first.resolvedScenario),
            ]
            if let (what, _) = checks.first(where: { !$0.1 }) {
                throw InputError(
                    Diagnostic(
                        .file(shard.folder),
                        "is a shard of another run than \(shards[0].folder): its \(what) differs"))
            }
        }
        let values = first.points.map(\.values)
        if Set(values.map { $0.joined(separator: "\u{1F}") }).count != values.count {
            throw InputError(
                Diagnostic(
                    .file(shards[0].folder),
                    "its sweep lists one point twice, so its rows cannot be told apart"))
        }
    }

    /// The runs (sweep point × policy × replication, in order) a shard's manifest claims: those
    /// of `--shard`, or every run of the points it ran.
    static func claimedRuns(_ manifest: Manifest) -> [Int] {
        if let runs = manifest.runsRun { return runs }
        let perPoint = manifest.policies.count * manifest.replications
        return manifest.pointsRun.flatMap { point in (0..<perPoint).map { point * perPoint + $0 } }
    }

    /// The shard that ran each run; every run of the study exactly once.
    static func runOwners(_ shards: [Shard]) throws(InputError) -> [Int] {
        let first = shards[0].manifest
        let total = max(first.points.count, 1) * first.policies.count * first.replications
        var owner = [Int?](repeating: nil, count: total)
        func describe(_ run: Int) -> String {
            let policies = first.policies.map(\.name)
            let perPoint = policies.count * first.replications
            return
                "run \(run) (policy \(policies[run % perPoint / first.replications]), replication \(run % first.replications), sweep point \(run / perPoint))"
        }
        for (index, shard) in shards.enumerated() {
            for run in claimedRuns(shard.manifest) {
                guard (0..<total).contains(run) else {
                    throw InputError(Diagnostic(.file(shard.folder), "claims run \(run) of \(total)"))
                }
                if let other = owner[run] {
                    throw InputError(
                        Diagnostic(
                            .file(shard.folder),
                            "repeats \(describe(run)), which \(shards[other].folder) has too"))
                }
                owner[run] = index
            }
        }
        let missing = owner.indices.filter { owner[$0] == nil }
        guard missing.isEmpty else {
            let shown = missing.prefix(3).map(describe).joined(separator: ", ")
            throw InputError(
                Diagnostic(
                    .argument("merge"),
                    "the shards lack \(missing.count) of the study's \(total) runs: \(shown)\(missing.count > 3 ? ", …" : "")"
                ))
        }
        return owner.compactMap { $0 }
    }

    static func fileList(_ shards: [Shard]) throws(InputError) -> [String] {
        func hasCases(_ shard: Shard) -> Bool {
            FileManager.default.fileExists(atPath: shard.file("cases.csv"))
        }
        let withCases = shards.filter(hasCases)
        if let odd = shards.first(where: { hasCases($0) != hasCases(shards[0]) }), !withCases.isEmpty {
            let (with, without) = hasCases(odd) ? (odd, shards[0]) : (shards[0], odd)
            throw InputError(
                Diagnostic(
                    .file(without.folder),
                    "has no cases.csv, but \(with.folder) has one: run every shard with --cases, or none"))
        }
        // comparison.csv is not joined but computed again from the runs (runs.csv).
        return ResultWriter.csvFiles.filter { $0 != "comparison.csv" }
            + (withCases.isEmpty ? [] : ["cases.csv"])
    }

    /// Joins the checked shards into `folder`, which the caller has claimed
    /// (`OutputFolder.claim`): every per-run file streamed with its rows in run order, renamed
    /// into place when complete; `comparison.csv` computed from the joined `runs.csv` (exact
    /// values, so the same bytes as one process); then the manifest.
    public static func merge(_ plan: Plan, into folder: OutputFolder) throws(OutputError) {
        let shards = plan.shards
        let metrics = runMetrics(shards[0])
        let shape = { (name: String) in
            ResultFileShape(name: name, sweepKeys: shards[0].manifest.sweepKeys, runMetrics: metrics)
        }
        for name in plan.files {
            let file = try AtomicFile(path: folder.file(name), ledger: folder.ledger)
            try copyRows(of: shape(name), from: shards, owner: plan.owner, into: file)
            try file.commit()
        }
        let first = shards[0].manifest
        let points = Array(0..<max(first.points.count, 1))
        try ResultWriter.writeComparison(
            try comparison(from: folder.file("runs.csv"), shape: shape("runs.csv"), manifest: first),
            scenario: first.scenario, points: first.points.isEmpty ? [SweepPoint(values: [])] : first.points,
            sweepKeys: first.sweepKeys, to: folder)
        var manifest = first
        manifest.pointsRun = points
        manifest.runsRun = nil
        manifest.shard = nil
        manifest.mergedFrom = shards.map(\.folder)
        manifest.outputs = ResultWriter.files(in: folder, cases: plan.files.contains("cases.csv"))
        manifest.wallSeconds = shards.reduce(0) { $0 + $1.manifest.wallSeconds }
        manifest.startTime = shards.map(\.manifest.startTime).min() ?? first.startTime
        manifest.endTime = shards.map(\.manifest.endTime).max() ?? first.endTime
        try manifest.write(to: folder.file("manifest.json"), ledger: folder.ledger)
    }

    /// Every policy against the baseline, from the joined `runs.csv` (checked already).
    static func comparison(from path: String, shape: ResultFileShape, manifest: Manifest) throws(OutputError)
        -> [MetricComparison]
    {
        guard let reader = CSVReader(path: path) else {
            throw OutputError("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        let policies = manifest.policies.map(\.name)
        let leading = ResultWriter.runsColumns.count
        let metrics = Array(shape.columns[leading..<(shape.columns.count - shape.sweepKeys.count)])
        var runs: [String: [[RunMetric]]] = [:]
        do throws(CSVReader.Problem) {
            _ = try reader.next()
            while let record = try reader.next() {
                let fields = record.fields
                guard let point = shape.point(of: fields, manifest: manifest) else { continue }
                var values: [RunMetric] = []
                for (offset, name) in metrics.enumerated() {
                    if let value = Double(fields[leading + offset]) {
                        values.append(RunMetric(name: name, value: value))
                    }
                }
                runs["\(point)\u{1F}\(fields[1])", default: []].append(values)
            }
        } catch {
            throw OutputError("\(path):\(error.line): \(error.message)")
        }
        return PolicyComparison.compare(points: Array(0..<max(manifest.points.count, 1)), policies: policies)
        {
            point, policy in runs["\(point)\u{1F}\(policy)"] ?? []
        }
    }

    /// Writes the header, then for each run in order the rows of the shard that ran it. Each
    /// shard's rows are already in run order (checked), so one pass over each shard's file
    /// suffices, holding one row of each at a time.
    static func copyRows(of shape: ResultFileShape, from shards: [Shard], owner: [Int], into file: AtomicFile)
        throws(OutputError)
    {
        var readers: [CSVReader] = []
        var pending: [CSVReader.Record?] = []
        for shard in shards {
            let path = shard.file(shape.name)
            guard let reader = CSVReader(path: path) else {
                throw OutputError("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            do {
                _ = try reader.next()
                readers.append(reader)
                pending.append(try reader.next())
            } catch { throw OutputError("\(path):\(error.line): \(error.message)") }
        }
        try file.write(Array(shape.columns.map(CSVWriter.escape).joined(separator: ",").utf8) + [10])
        for (run, shard) in owner.enumerated() {
            let manifest = shards[shard].manifest
            while let record = pending[shard], shape.run(of: record.fields, manifest: manifest) == run {
                try file.write(record.raw + [10])
                do { pending[shard] = try readers[shard].next() } catch {
                    throw OutputError("\(shards[shard].file(shape.name)):\(error.line): \(error.message)")
                }
            }
        }
        for (index, record) in pending.enumerated() where record != nil {
            throw OutputError("\(shards[index].file(shape.name)) changed while it was being merged")
        }
    }
}
