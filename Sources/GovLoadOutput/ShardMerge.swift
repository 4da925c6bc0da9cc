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
        /// For each file, where each run's rows lie in its shard's copy (a run with no rows,
        /// such as one without cases, has none).
        var rows: [String: [Int: Range<Int>]] = [:]
        /// For each file, its size in each shard when checked: a shard changed since is refused.
        var sizes: [String: [Int]] = [:]
        /// The metric columns of `runs.csv` (`runMetrics`).
        var runMetrics: [String] = []
    }

    /// Reads and checks the shards completely; throws every problem as bad input.
    public static func check(_ folders: [String], into output: String? = nil) throws(InputError) -> Plan {
        guard !folders.isEmpty else {
            throw InputError(Diagnostic(.argument("merge"), "name the shard folders to join"))
        }
        let given = try folders.map { folder throws(InputError) in try readShard(folder, output: output) }
        try checkAlike(given)
        // A part that ran nothing (a rank of `run --mpi` that was handed no run) adds no row, and
        // its runs.csv cannot know the study's metric columns: it is left out.
        let shards = given.filter { !claimedRuns($0.manifest).isEmpty }
        guard !shards.isEmpty else {
            throw InputError(Diagnostic(.argument("merge"), "the folders hold no run"))
        }
        let owner = try runOwners(shards)
        let files = try fileList(shards)
        var created: [RunKey: Int] = [:]
        let metrics = runMetrics(shards[0])
        var plan = Plan(shards: shards, files: files, owner: owner, runMetrics: metrics)
        for name in files {
            let shape = ResultFileShape(
                name: name, sweepKeys: shards[0].manifest.sweepKeys, runMetrics: metrics)
            var counts = RowCounts()
            var rows: [Int: Range<Int>] = [:]
            var sizes: [Int] = []
            for shard in shards {
                let found = try checkRows(of: shape, in: shard, counts: &counts, created: &created)
                rows.merge(found.runs) { first, _ in first }
                sizes.append(found.size)
            }
            plan.rows[name] = rows
            plan.sizes[name] = sizes
        }
        return plan
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
        func describe(_ run: Int) -> String { "run \(run) (\(RunKey(run, of: first).description))" }
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
        let shape = { (name: String) in
            ResultFileShape(name: name, sweepKeys: shards[0].manifest.sweepKeys, runMetrics: plan.runMetrics)
        }
        for name in plan.files {
            let file = try AtomicFile(path: folder.file(name), ledger: folder.ledger)
            try copyRows(of: shape(name), from: plan, into: file)
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

    /// Writes the header, then for each run in order the bytes of its rows from the shard that
    /// ran it (where `check` found them), a megabyte at a time: one descriptor per shard, and
    /// memory that does not grow with the files.
    static func copyRows(of shape: ResultFileShape, from plan: Plan, into file: AtomicFile)
        throws(OutputError)
    {
        let shards = plan.shards
        let paths = shards.map { $0.file(shape.name) }
        var descriptors: [Int32] = []
        defer { for descriptor in descriptors { close(descriptor) } }
        for (index, path) in paths.enumerated() {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw OutputError("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            descriptors.append(descriptor)
            var status = stat()
            guard fstat(descriptor, &status) == 0, Int(status.st_size) == plan.sizes[shape.name]?[index]
            else {
                throw OutputError("\(path) changed while it was being merged")
            }
        }
        try file.write(Array(shape.columns.map(CSVWriter.escape).joined(separator: ",").utf8) + [10])
        let rows = plan.rows[shape.name] ?? [:]
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        for (run, shard) in plan.owner.enumerated() {
            guard let range = rows[run] else { continue }
            var at = range.lowerBound
            while at < range.upperBound {
                let wanted = min(chunk.count, range.upperBound - at)
                let count = chunk.withUnsafeMutableBytes {
                    pread(descriptors[shard], $0.baseAddress, wanted, off_t(at))
                }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    throw OutputError(
                        count == 0
                            ? "\(paths[shard]) changed while it was being merged"
                            : "cannot read \(paths[shard]): \(String(cString: strerror(errno)))")
                }
                try chunk.withUnsafeBytes { bytes in
                    Result { () throws(OutputError) in
                        try file.write(UnsafeRawBufferPointer(rebasing: bytes[0..<count]))
                    }
                }.get()
                at += count
            }
        }
    }
}
