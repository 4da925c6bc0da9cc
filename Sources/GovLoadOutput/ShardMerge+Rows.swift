import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport

/// What merge knows of each per-run result file: its columns, which hold text, and what makes a
/// row unique within its run. (`comparison.csv` is not joined but computed from `runs.csv`.)
struct ResultFileShape {
    /// The file's name.
    var name: String
    /// Its columns, the swept keys last.
    var columns: [String]
    /// Columns that hold text; every other column holds a number or nothing.
    var textColumns: Set<String>
    /// Columns whose values are unique within a row's group.
    var uniqueWithin: [String]
    /// The swept keys.
    var sweepKeys: [String]

    /// The shape of file `name`; `runMetrics` are `runs.csv`'s metric columns (they follow the
    /// scenario: its case types, channels and shocks).
    init(name: String, sweepKeys: [String], runMetrics: [String] = []) {
        self.name = name
        self.sweepKeys = sweepKeys
        switch name {
        case "runs.csv":
            columns = ResultWriter.runsColumns + runMetrics
            textColumns = ["scenario", "policy"]
            uniqueWithin = []
        case "summary.csv":
            columns = ResultWriter.summaryColumns
            textColumns = ["scenario", "policy"]
            uniqueWithin = []
        case "channels.csv":
            columns = ResultWriter.channelColumns
            textColumns = ["scenario", "policy", "channel", "kind"]
            uniqueWithin = ["channel"]
        case "timeseries.csv":
            columns = ResultWriter.timeseriesColumns
            textColumns = ["scenario", "policy", "scope", "metric"]
            uniqueWithin = ["time_h", "scope", "metric"]
        default:
            columns = CaseLog.columns
            textColumns = ["scenario", "policy", "case_type", "district", "status", "channel"]
            uniqueWithin = ["case_id"]
        }
        columns += sweepKeys
        textColumns.formUnion(sweepKeys)
    }

    /// The sweep point a row belongs to (from its swept values), or nil if it is none.
    func point(of fields: [String], manifest: Manifest) -> Int? {
        guard !sweepKeys.isEmpty else { return manifest.pointsRun.first ?? 0 }
        let values = Array(fields.suffix(sweepKeys.count))
        return manifest.points.firstIndex { $0.values == values }
    }
}

/// A run: sweep point, policy, replication.
struct RunKey: Hashable {
    var point: Int
    var policy: String
    var replication: Int

    /// Run `index` of the study `manifest` describes (in the order over sweep points × policies
    /// × replications).
    init(_ index: Int, of manifest: Manifest) {
        let perPoint = manifest.policies.count * manifest.replications
        point = index / perPoint
        policy = manifest.policies[index % perPoint / manifest.replications].name
        replication = index % manifest.replications
    }

    init(point: Int, policy: String, replication: Int) {
        self.point = point
        self.policy = policy
        self.replication = replication
    }

    /// "policy P, replication R, sweep point S", for messages.
    var description: String { "policy \(policy), replication \(replication), sweep point \(point)" }
}

/// Rows per group, for checking that every replication of a point and policy has as many.
struct RowCounts {
    var perPointAndPolicy: [String: Int] = [:]
}

extension ShardMerge {
    /// Reads every row of one file of one shard and checks it (see `check`). Rows of
    /// `summary.csv` record each run's `cases_created`, which `cases.csv` must then match.
    /// Returns where each run's rows lie in the file, and the file's size.
    static func checkRows(
        of shape: ResultFileShape, in shard: Shard, counts: inout RowCounts, created: inout [RunKey: Int]
    ) throws(InputError) -> (runs: [Int: Range<Int>], size: Int) {
        let path = shard.file(shape.name)
        func problem(_ line: Int, _ message: String) -> InputError {
            InputError(Diagnostic(at: SourceLocation(file: path, line: line, column: 1), message))
        }
        guard let reader = CSVReader(path: path) else {
            throw InputError(
                Diagnostic(
                    .file(path),
                    errno == ENOENT
                        ? "is missing: the shard is not complete"
                        : "cannot be read: \(String(cString: strerror(errno)))"))
        }
        var rows = RowWalk(shape: shape, manifest: shard.manifest)
        do throws(CSVReader.Problem) {
            guard let header = try reader.next() else {
                throw CSVReader.Problem(line: 1, message: "is empty")
            }
            if header.fields != shape.columns {
                let common = min(header.fields.count, shape.columns.count)
                let at = (0..<common).first { header.fields[$0] != shape.columns[$0] } ?? common
                throw CSVReader.Problem(
                    line: 1,
                    message:
                        "its columns are not those GovLoad \(GovLoadVersion.string) writes in \(shape.name): column \(at + 1) is '\(at < header.fields.count ? header.fields[at] : "(none)")', expected '\(at < shape.columns.count ? shape.columns[at] : "(none)")'"
                )
            }
            while let record = try reader.next() {
                try rows.take(record, counts: &counts, created: &created)
            }
            try rows.finish(at: reader.offset, counts: &counts, created: created)
            return (rows.ranges, reader.offset)
        } catch {
            throw problem(error.line, error.message)
        }
    }
}

/// The walk through one file's rows: each row checked on its own, then against its group (the
/// run). A run's rows are one block; the blocks may come in any order (a rank of `run --mpi`
/// writes its runs in the order they were handed to it), and `ranges` says where each lies.
struct RowWalk {
    let shape: ResultFileShape
    let manifest: Manifest
    let column: [String: Int]
    let policies: [String]
    private var lastGroup = -1
    private var lastRun: RunKey?
    private var rowsInGroup = 0
    /// The 64-bit FNV-1a hashes of the keys seen in the group: eight bytes a row rather than a
    /// string (a run at full scale has millions of cases). A collision, about one in 10¹¹ for
    /// a run's two million cases, would refuse a good shard, never accept a bad one.
    private var keysInGroup = Set<UInt64>()
    private var line = 1
    /// Where the current group's rows start (a byte offset in the file).
    private var groupStart = 0
    /// Where each finished group's rows lie in the file, line ends included.
    private(set) var ranges: [Int: Range<Int>] = [:]
    /// The runs the shard's manifest claims.
    let claimed: [Int]
    private let claimedSet: Set<Int>

    init(shape: ResultFileShape, manifest: Manifest) {
        self.shape = shape
        self.manifest = manifest
        claimed = ShardMerge.claimedRuns(manifest)
        claimedSet = Set(claimed)
        column = Dictionary(shape.columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        policies = manifest.policies.map(\.name)
    }

    typealias Problem = CSVReader.Problem

    /// FNV-1a over the key's UTF-8 bytes.
    static func fingerprint(_ key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    mutating func take(_ record: CSVReader.Record, counts: inout RowCounts, created: inout [RunKey: Int])
        throws(Problem)
    {
        line = record.line
        let fields = record.fields
        func fail(_ message: String) -> Problem { Problem(line: record.line, message: message) }
        guard fields.count == shape.columns.count else {
            throw fail("has \(fields.count) fields; the header has \(shape.columns.count)")
        }
        for (index, name) in shape.columns.enumerated() where !shape.textColumns.contains(name) {
            let text = fields[index]
            guard text.isEmpty || Double(text) != nil else {
                throw fail("'\(name)' holds '\(text.prefix(40))', which is not a number")
            }
        }
        let column = self.column
        let field = { (name: String) in fields[column[name] ?? 0] }
        guard field("scenario") == manifest.scenario else {
            throw fail("belongs to scenario '\(field("scenario").prefix(60))', not '\(manifest.scenario)'")
        }
        guard let point = shape.point(of: fields, manifest: manifest) else {
            throw fail(
                "its swept values (\(fields.suffix(shape.sweepKeys.count).joined(separator: ", "))) are not a point of the sweep"
            )
        }
        guard manifest.pointsRun.contains(point) else {
            throw fail("belongs to sweep point \(point), which the shard's manifest does not claim")
        }
        guard let policy = policies.firstIndex(of: field("policy")) else {
            throw fail("belongs to policy '\(field("policy").prefix(60))', which the shard did not run")
        }
        guard let replication = Int(field("replication")), (0..<manifest.replications).contains(replication)
        else {
            throw fail(
                "replication '\(field("replication"))' is not one of the shard's 0 to \(manifest.replications - 1)"
            )
        }
        let group = (point * policies.count + policy) * manifest.replications + replication
        if !claimedSet.contains(group) {
            throw fail(
                "belongs to policy \(policies[policy]), replication \(replication), sweep point \(point): a run the shard's manifest does not claim"
            )
        }
        if group != lastGroup {
            guard ranges[group] == nil else {
                throw fail(
                    "belongs to policy \(policies[policy]), replication \(replication), sweep point \(point), whose rows ended above: a run's rows must be together (were rows moved or repeated?)"
                )
            }
            try finishGroup(counts: &counts, created: created)
            if lastGroup >= 0 { ranges[lastGroup] = groupStart..<record.offset }
            groupStart = record.offset
            lastGroup = group
            lastRun = RunKey(point: point, policy: policies[policy], replication: replication)
        }
        let key = shape.uniqueWithin.map(field).joined(separator: "\u{1F}")
        guard keysInGroup.insert(Self.fingerprint(key)).inserted else {
            throw fail(
                "repeats an earlier row of its run (\(shape.uniqueWithin.map { "\($0) \(field($0))" }.joined(separator: ", ")))"
            )
        }
        rowsInGroup += 1
        if shape.name == "summary.csv", let lastRun {
            created[lastRun] = Int(field("cases_created")) ?? 0
        }
    }

    /// Checks the group just ended: one summary row per run, as many channel and time-series rows
    /// as every other replication of its point and policy, one case row per case created.
    private mutating func finishGroup(counts: inout RowCounts, created: [RunKey: Int]) throws(Problem) {
        defer {
            rowsInGroup = 0
            keysInGroup.removeAll(keepingCapacity: true)
        }
        guard let run = lastRun, rowsInGroup > 0 else { return }
        let describe = run.description
        switch shape.name {
        case "summary.csv", "runs.csv":
            guard rowsInGroup == 1 else {
                throw Problem(line: line, message: "has \(rowsInGroup) rows for \(describe)")
            }
        case "cases.csv":
            let expected = created[run] ?? 0
            guard rowsInGroup == expected else {
                throw Problem(
                    line: line,
                    message:
                        "has \(rowsInGroup) cases for \(describe), and summary.csv says \(expected) were created"
                )
            }
        case "channels.csv", "timeseries.csv":
            let key = "\(run.point)\u{1F}\(run.policy)"
            if let expected = counts.perPointAndPolicy[key], expected != rowsInGroup {
                throw Problem(
                    line: line,
                    message:
                        "has \(rowsInGroup) rows for \(describe), and \(expected) for an earlier replication (rows deleted or repeated?)"
                )
            }
            counts.perPointAndPolicy[key] = rowsInGroup
        default:
            break
        }
    }

    /// Ends the file at byte `end`: the last group is checked, and every run the shard claims
    /// must have had rows.
    mutating func finish(at end: Int, counts: inout RowCounts, created: [RunKey: Int]) throws(Problem) {
        try finishGroup(counts: &counts, created: created)
        if lastGroup >= 0 { ranges[lastGroup] = groupStart..<end }
        for index in claimed where ranges[index] == nil {
            let run = RunKey(index, of: manifest)
            // A run with no cases has no rows in cases.csv.
            if shape.name == "cases.csv" && (created[run] ?? 0) == 0 { continue }
            throw Problem(
                line: line,
                message: "has no rows for \(run.description): rows were deleted, or the file was cut short")
        }
    }
}
