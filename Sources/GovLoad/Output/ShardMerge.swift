import Foundation

/// `govload merge`: joins the output folders of a sweep split with `--shard` or `--sweep-point`
/// into one folder, byte-identical to the same sweep run in one process. Shards must be finished
/// runs (a complete manifest) of the same scenario files, GovLoad version, seed, replications,
/// policies and sweep, and together cover every sweep point exactly once.
public enum ShardMerge {
    /// Reads and checks the shards; returns their manifests in the order given.
    public static func check(_ folders: [String]) throws(InputError) -> [Manifest] {
        guard !folders.isEmpty else {
            throw InputError(Diagnostic(.argument("merge"), "name the shard folders to join"))
        }
        var manifests: [Manifest] = []
        for folder in folders {
            let path = URL(fileURLWithPath: folder).appendingPathComponent("manifest.json").path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InputError(
                    Diagnostic(.file(folder), "has no manifest.json: it is not a finished govload run"))
            }
            guard let manifest = try? JSONDecoder().decode(Manifest.self, from: data), manifest.complete
            else {
                throw InputError(Diagnostic(.file(path), "is not the manifest of a finished govload run"))
            }
            manifests.append(manifest)
        }
        let first = manifests[0]
        for (folder, manifest) in zip(folders, manifests).dropFirst() {
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
                        .file(folder), "is a shard of another run than \(folders[0]): its \(what) differs"))
            }
        }
        let total = max(first.points.count, 1)
        var owner: [Int: String] = [:]
        for (folder, manifest) in zip(folders, manifests) {
            for point in manifest.pointsRun {
                if let other = owner[point] {
                    throw InputError(
                        Diagnostic(.file(folder), "repeats sweep point \(point), which \(other) has too"))
                }
                owner[point] = folder
            }
        }
        let missing = (0..<total).filter { owner[$0] == nil }
        guard missing.isEmpty else {
            throw InputError(
                Diagnostic(
                    .argument("merge"),
                    "the shards lack sweep point(s) \(missing.map(String.init).joined(separator: ", ")) of \(total)"
                ))
        }
        return manifests
    }

    /// Joins the checked shards into `folder`: every CSV with rows in sweep-point order, then the
    /// manifest.
    public static func merge(_ folders: [String], manifests: [Manifest], into folder: OutputFolder)
        throws(OutputError)
    {
        try folder.create()
        let first = manifests[0]
        let keys = first.sweepKeys.count
        let pointIndex = Dictionary(uniqueKeysWithValues: first.points.enumerated().map { ($1.values, $0) })
        // `cases.csv` (`run --cases`) is joined when the shards have it; one without it is an error.
        let withCases = folders.contains {
            FileManager.default.fileExists(
                atPath: URL(fileURLWithPath: $0).appendingPathComponent("cases.csv").path)
        }
        for name in ResultWriter.csvFiles + (withCases ? ["cases.csv"] : []) {
            var header: String?
            var rowsByPoint: [Int: [String]] = [:]
            for (shard, manifest) in zip(folders, manifests) {
                let path = URL(fileURLWithPath: shard).appendingPathComponent(name).path
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw OutputError("\(path) is missing")
                }
                var records = CSVRecords.split(String(decoding: data, as: UTF8.self))
                guard !records.isEmpty else { throw OutputError("\(path) is empty") }
                let own = records.removeFirst()
                if let header, header != own.text {
                    throw OutputError("\(path) has other columns than the first shard")
                }
                header = own.text
                for record in records {
                    let point =
                        keys == 0
                        ? (manifest.pointsRun.first ?? 0) : pointIndex[Array(record.fields.suffix(keys))]
                    guard let point else { throw OutputError("\(path) has a row of no known sweep point") }
                    rowsByPoint[point, default: []].append(record.text)
                }
            }
            let file = try AtomicFile(path: folder.file(name))
            try file.write((header ?? "") + "\n")
            for point in rowsByPoint.keys.sorted() {
                for row in rowsByPoint[point] ?? [] { try file.write(row + "\n") }
            }
            try file.commit()
        }
        var manifest = first
        manifest.pointsRun = Array(0..<max(first.points.count, 1))
        manifest.shard = nil
        manifest.mergedFrom = folders
        manifest.wallSeconds = manifests.reduce(0) { $0 + $1.wallSeconds }
        manifest.startTime = manifests.map(\.startTime).min() ?? first.startTime
        manifest.endTime = manifests.map(\.endTime).max() ?? first.endTime
        try manifest.write(to: folder.file("manifest.json"))
    }
}

/// RFC 4180 records of a CSV text: each record's exact text (to copy byte for byte) and its fields.
enum CSVRecords {
    struct Record {
        var text: String
        var fields: [String]
    }

    static func split(_ text: String) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var raw = ""
        var quoted = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let character = pending {
                pending = nil
                return character
            }
            return iterator.next()
        }
        while let character = next() {
            if quoted {
                raw.append(character)
                if character == "\"" {
                    if let following = iterator.next() {
                        if following == "\"" {
                            raw.append(following)
                            field.append("\"")
                        } else {
                            quoted = false
                            pending = following
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                quoted = true
                raw.append(character)
            case ",":
                fields.append(field)
                field = ""
                raw.append(character)
            case "\n":
                fields.append(field)
                records.append(Record(text: raw, fields: fields))
                fields = []
                field = ""
                raw = ""
            default:
                field.append(character)
                raw.append(character)
            }
        }
        if !raw.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append(Record(text: raw, fields: fields))
        }
        return records
    }
}
