import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport

/// The rows `govload erlang` prints: one staffing level each.
public struct ErlangRow: Sendable {
    /// Servers.
    public var servers: Int
    /// Offered load (erlangs).
    public var load: Double
    /// Busy share of server time.
    public var occupancy: Double
    /// P(an arrival waits).
    public var waitProbability: Double
    /// Mean wait of all arrivals (seconds).
    public var meanWait: Double
    /// P(answered within the answer time).
    public var serviceLevel: Double
    /// P(abandon); nil without patience.
    public var abandonProbability: Double?
    /// Erlang B blocking with no waiting room.
    public var blocking: Double

    /// Computes the row for `servers` with Erlang C (no patience) or Erlang A.
    public init(arrivalRate: Double, serviceTime: Double, servers: Int, patience: Double?, answerTime: Double)
    {
        self.servers = servers
        load = arrivalRate * serviceTime
        blocking = Erlang.blocking(servers: servers, load: load)
        if let patience {
            let model = ErlangA(
                arrivalRate: arrivalRate, serviceTime: serviceTime, servers: servers, patience: patience)
            occupancy = model.utilization
            waitProbability = model.waitProbability
            meanWait = model.meanWait
            serviceLevel = model.serviceLevel(within: answerTime)
            abandonProbability = model.abandonProbability
        } else {
            let model = ErlangC(arrivalRate: arrivalRate, serviceTime: serviceTime, servers: servers)
            occupancy = min(1, model.occupancy)
            waitProbability = model.waitProbability
            meanWait = model.meanWait
            serviceLevel = model.serviceLevel(within: answerTime)
            abandonProbability = nil
        }
    }
}

/// Renders Erlang rows as an aligned table or as CSV.
public enum ErlangTable {
    /// The columns, with units.
    public static func columns(answerTime: Double, withPatience: Bool) -> [String] {
        var columns = [
            "servers", "load_erlangs", "occupancy", "p_wait", "mean_wait_s",
            "service_level_\(Units.format(duration: answerTime))", "erlang_b_blocking",
        ]
        if withPatience { columns.insert("p_abandon", at: 5) }
        return columns
    }

    static func fields(_ row: ErlangRow) -> [String] {
        func f(_ value: Double, _ digits: Int = 4) -> String {
            value.isFinite ? String(format: "%.\(digits)f", value) : "inf"
        }
        var fields = [
            String(row.servers), f(row.load, 3), f(row.occupancy), f(row.waitProbability),
            f(row.meanWait, 2), f(row.serviceLevel), f(row.blocking),
        ]
        if let abandon = row.abandonProbability { fields.insert(f(abandon), at: 5) }
        return fields
    }

    /// The CSV's columns: the same names whatever the answer time (it has a column of its own),
    /// and whether each staffing level meets the target.
    public static func csvColumns(withPatience: Bool) -> [String] {
        ["servers", "load_erlangs", "occupancy", "p_wait", "mean_wait_s"]
            + (withPatience ? ["p_abandon"] : [])
            + ["service_level", "answer_time_s", "erlang_b_blocking", "meets_target"]
    }

    /// CSV text with a header row, every number to ten significant digits (as every GovLoad CSV);
    /// `meets_target` is `yes` from the fewest servers `mark` meeting the target up, `no` below,
    /// empty without a target.
    public static func csv(_ rows: [ErlangRow], answerTime: Double, mark: Int? = nil) -> String {
        let withPatience = rows.first?.abandonProbability != nil
        var lines = [csvColumns(withPatience: withPatience).joined(separator: ",")]
        func number(_ value: Double) -> String { value.isFinite ? CSVWriter.number(value) : "inf" }
        for row in rows {
            var fields = [
                String(row.servers), number(row.load), number(row.occupancy), number(row.waitProbability),
            ]
            fields.append(number(row.meanWait))
            if let abandon = row.abandonProbability { fields.append(number(abandon)) }
            fields += [number(row.serviceLevel), number(answerTime), number(row.blocking)]
            fields.append(mark.map { row.servers >= $0 ? "yes" : "no" } ?? "")
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// An aligned text table; `mark` flags one staffing level (the solver's answer).
    public static func text(_ rows: [ErlangRow], answerTime: Double, mark: Int? = nil) -> String {
        let withPatience = rows.first?.abandonProbability != nil
        let header = columns(answerTime: answerTime, withPatience: withPatience)
        let body = rows.map(fields)
        let widths = header.indices.map { column in
            ([header[column]] + body.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String], _ flag: String) -> String {
            flag
                + zip(cells, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }.joined(
                    separator: "  ")
        }
        var lines = [line(header, "  ")]
        for (row, cells) in zip(rows, body) { lines.append(line(cells, row.servers == mark ? "> " : "  ")) }
        return lines.joined(separator: "\n") + "\n"
    }
}
