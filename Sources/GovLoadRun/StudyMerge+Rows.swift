import Foundation
import GovLoadAnalysis
import GovLoadExperiment
import GovLoadOutput
import GovLoadSupport

extension StudyMerge {
    /// The runs file of a study kind and its columns.
    static func runsFile(_ study: StudyDesign) -> (name: String, columns: [String]) {
        let paths = study.parameters.map { String($0.prefix { $0 != "=" }) }
        return study.kind == "robustness"
            ? ("robustness_runs.csv", ["draw"] + paths + ["policy"] + study.metrics)
            : ("sensitivity_runs.csv", ["point"] + paths + study.metrics)
    }

    /// Reads one shard's runs file: each row's point, owned by the shard and not seen before
    /// (robustness: one row per policy, in order), its values and its means.
    static func readRuns(
        _ folder: String, manifest: Manifest, study: StudyDesign, policies: Int, values: inout [[String]?],
        means: inout [[[Double]]?]
    ) throws(InputError) {
        let (name, columns) = runsFile(study)
        let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
        let parts = (manifest.shard ?? "1/1").split(separator: "/").compactMap { Int($0) }
        let shard = StudyShard(index: parts[0], count: parts[1])
        guard let reader = CSVReader(path: path) else {
            throw InputError(
                Diagnostic(.file(path), "is missing or cannot be read: the shard is not complete"))
        }
        let parameters = study.parameters.count
        let robustness = study.kind == "robustness"
        do throws(CSVReader.Problem) {
            guard let header = try reader.next(), header.fields == columns else {
                throw CSVReader.Problem(
                    line: 1, message: "its columns are not \(columns.joined(separator: ","))")
            }
            var current: (point: Int, rows: [[Double]])?
            func close() throws(CSVReader.Problem) {
                guard let open = current else { return }
                guard open.rows.count == policies else {
                    throw CSVReader.Problem(
                        line: 0,
                        message: "draw \(open.point) has \(open.rows.count) policies' rows of \(policies)")
                }
                means[open.point] = open.rows
                current = nil
            }
            while let record = try reader.next() {
                let fields = record.fields
                guard fields.count == columns.count, let point = Int(fields[0]),
                    (0..<study.points).contains(point)
                else {
                    throw CSVReader.Problem(
                        line: record.line,
                        message: "is not a row of \(columns.count) fields with a point in 0..<\(study.points)"
                    )
                }
                guard shard.owns(point) else {
                    throw CSVReader.Problem(
                        line: record.line, message: "holds point \(point), which is not shard \(shard.text)'s"
                    )
                }
                let row = try Self.parseMeans(
                    fields[(parameters + 1 + (robustness ? 1 : 0))...], line: record.line)
                if current?.point != point {
                    try close()
                    guard values[point] == nil else {
                        throw CSVReader.Problem(line: record.line, message: "repeats point \(point)")
                    }
                    values[point] = Array(fields[1..<(1 + parameters)])
                    current = (point, [])
                }
                let index = current?.rows.count ?? 0
                if robustness, index >= policies || fields[parameters + 1] != study.policies[index] {
                    throw CSVReader.Problem(
                        line: record.line,
                        message: "names policy '\(fields[parameters + 1])' out of the study's order")
                }
                current?.rows.append(row)
            }
            try close()
        } catch {
            throw InputError(
                Diagnostic(at: SourceLocation(file: path, line: max(1, error.line), column: 1), error.message)
            )
        }
    }

    /// A row's means: each a finite number, or empty for none (NaN).
    static func parseMeans(_ fields: ArraySlice<String>, line: Int) throws(CSVReader.Problem) -> [Double] {
        var row: [Double] = []
        for text in fields {
            guard text.isEmpty || Double(text)?.isFinite == true else {
                throw CSVReader.Problem(
                    line: line, message: "has '\(text)' where a number or nothing belongs")
            }
            row.append(text.isEmpty ? .nan : Double(text) ?? .nan)
        }
        return row
    }

    /// Computes the study's measures from every shard's rows and writes the files one process
    /// would have written into `folder` (claimed by the caller), the manifest last.
    public static func merge(_ plan: Plan, into folder: OutputFolder) throws(OutputError) {
        let study = plan.study
        let paths = study.parameters.map { String($0.prefix { $0 != "=" }) }
        if study.kind == "robustness" {
            let rows = Robustness.summarise(plan.means, policies: study.policies, metrics: study.metrics)
            try RobustnessWriter.write(rows.map(\.fields), to: folder)
            try RobustnessWriter.writeRuns(
                parameters: paths, policies: study.policies, metrics: study.metrics,
                rows: plan.values.indices.map { ($0, plan.values[$0], plan.means[$0]) }, to: folder)
        } else {
            let k = paths.count
            let morris =
                study.method == "morris"
                ? MorrisScreening.design(factors: k, trajectories: study.size, seed: study.designSeed) : nil
            let sobol = study.method == "sobol" ? SobolIndices.design(factors: k, samples: study.size) : nil
            guard (morris?.points.count ?? sobol?.points.count) == study.points else {
                throw OutputError(
                    "the study's design cannot be rebuilt: \(study.method) of size \(study.size)")
            }
            let outputs = plan.means.map { $0[0] }
            let rows = Sensitivity.analyse(study, morris: morris, sobol: sobol, outputs: outputs)
            try SensitivityWriter.write(rows, to: folder)
            try SensitivityWriter.writeRuns(
                parameters: paths, metrics: study.metrics,
                rows: plan.values.indices.map { ($0, plan.values[$0], outputs[$0]) }, to: folder)
        }
        var manifest = plan.manifests[0]
        manifest.shard = nil
        manifest.mergedFrom = plan.folders
        manifest.outputs =
            study.kind == "robustness"
            ? ["robustness.csv", "robustness_runs.csv"] : ["sensitivity.csv", "sensitivity_runs.csv"]
        manifest.arguments = CommandLine.arguments
        try manifest.write(to: folder.file("manifest.json"), ledger: folder.ledger)
    }
}
