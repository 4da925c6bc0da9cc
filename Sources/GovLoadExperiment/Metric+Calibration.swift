import GovLoadEngine
import GovLoadModel
import GovLoadQueueing

/// The figures calibration targets are stated in — daily volumes, shares, minutes, loads per
/// worker — which `comparison.csv` does not compare (they restate its counts per day). Daily
/// volumes are stated at full scale (divided by `--scale`), so that a run at a tenth of the
/// population is held against the city's own figures.
extension MetricCatalogue {
    /// A city's, per day or as shares; nil where the run has nothing to divide by.
    public static let calibrationCity: [(metric: Metric, value: @Sendable (CityResult) -> Double?)] = [
        (
            Metric("contacts_per_day", unit: "count/d", better: .neither, "contacts with any channel a day"),
            { perDay(Double($0.tally.contacts), $0) }
        ),
        (
            Metric(
                "work_orders_per_day", unit: "count/d", better: .neither,
                "appeals and reports taken at a channel that became work orders, a day"),
            { perDay(Double($0.tally.workOrdersFromContacts), $0) }
        ),
        (
            Metric(
                "dispatched_share", unit: "share", better: .neither,
                "work orders from contacts over contacts (Beijing 12345: 41 %)"),
            { share($0.tally.workOrdersFromContacts, of: $0.tally.contacts) }
        ),
        (
            Metric(
                "resolved_on_contact_share", unit: "share", better: .neither,
                "appeals settled on the contact over contacts"),
            { share($0.tally.resolvedOnContact, of: $0.tally.contacts) }
        ),
        (
            Metric("dispatch_min", unit: "min", better: .lower, "mean minutes from report to first dispatch"),
            { $0.tally.dispatched > 0 ? $0.tally.dispatchHoursSum / Double($0.tally.dispatched) * 60 : nil }
        ),
        (
            Metric(
                "found_by_city_share", unit: "share", better: .higher,
                "hazards found by patrol or sensors over hazards found"),
            { share($0.tally.hazardsFoundByCity, of: $0.tally.hazardsFound) }
        ),
        (
            Metric(
                "escalations_per_month", unit: "count/30d", better: .lower, "hazards that became emergencies"),
            { perDay(Double($0.tally.escalations), $0).map { $0 * 30 } }
        ),
        (
            Metric(
                "grid_tasks_per_worker_month", unit: "count/30d", better: .neither,
                "grid workers' tasks (on-site handling, verification, follow-up) per worker per 30 days"),
            { city in
                guard city.gridWorkers > 0, let grid = city.backOffice.first(where: { $0.role == "grid" })
                else {
                    return nil
                }
                guard city.measuredDays > 0 else { return nil }
                return Double(grid.statistics.served) / city.gridWorkers / city.measuredDays * 30
            }
        ),
        (
            Metric(
                "grid_cases_per_worker_month", unit: "count/30d", better: .neither,
                "hazards filed (found by anyone, or escalated) per grid worker per 30 days"),
            { $0.gridCasesPerWorkerMonth }
        ),
        (
            Metric(
                "patrol_share", unit: "share", better: .neither,
                "grid workers' hours on duty spent on patrol (patrol as worker time)"),
            { $0.patrolShare }
        ),
    ]

    /// A channel's (and a back-office row's), named `channel.metric`.
    /// `scale` is the city's population factor (1 without a city).
    public static let calibrationChannel:
        [(metric: Metric, value: @Sendable (ChannelResult, _ scale: Double) -> Double?)] = [
            (
                Metric("offered_per_day", unit: "count/d", better: .neither, "arrivals a day, at full scale"),
                { row, scale in
                    row.statistics.measuredSeconds > 0 && scale > 0
                        ? Double(row.statistics.arrivals) / row.statistics.measuredSeconds * SimClock.day
                            / scale
                        : nil
                }
            ),
            (
                Metric(
                    "answered_within_20s", unit: "share", better: .higher,
                    "served within 20 s over those who left the queue, served or abandoned (the 80/20 norm)"),
                { row, _ in
                    let left = row.statistics.served + row.statistics.abandoned
                    guard left > 0 else { return nil }
                    return row.statistics.shareServedWithin(20) * Double(row.statistics.served) / Double(left)
                }
            ),
        ]

    /// Every value a calibration target may name in one run: the compared metrics
    /// (``values(of:)``) and the calibration figures.
    public static func calibrationValues(of run: ReplicationResult) -> [RunMetric] {
        var values = values(of: run)
        if let city = run.city {
            for (metric, value) in calibrationCity {
                if let number = value(city) { values.append(RunMetric(name: metric.name, value: number)) }
            }
        }
        if let city = run.city {
            for (index, row) in run.channels.enumerated() where row.statistics.arrivals > 0 {
                let orders =
                    index < city.tally.workOrdersByChannel.count ? city.tally.workOrdersByChannel[index] : 0
                values.append(
                    RunMetric(
                        name: row.name + ".dispatched_share",
                        value: Double(orders) / Double(row.statistics.arrivals)))
                if let perDay = perDay(Double(orders), city) {
                    values.append(RunMetric(name: row.name + ".work_orders_per_day", value: perDay))
                }
                let dispatched =
                    index < city.tally.dispatchedByOrigin.count ? city.tally.dispatchedByOrigin[index] : 0
                if dispatched > 0 {
                    values.append(
                        RunMetric(
                            name: row.name + ".dispatch_min",
                            value: city.tally.dispatchHoursByOrigin[index] / Double(dispatched) * 60))
                }
            }
        }
        for row in run.staffedRows {
            for (metric, value) in calibrationChannel {
                if let number = value(row, run.city?.scale ?? 1) {
                    values.append(RunMetric(name: row.name + "." + metric.name, value: number))
                }
            }
        }
        return values
    }

    /// Whether a target may name `name`: a compared metric or a calibration figure, a case
    /// type's or a channel's when prefixed (whether the scenario has that case type or channel
    /// is checked against the scenario).
    public static func isCalibrationMetric(_ name: String) -> Bool {
        if metric(named: name) != nil { return true }
        if calibrationCity.contains(where: { $0.metric.name == name }) { return true }
        guard let dot = name.lastIndex(of: ".") else { return false }
        let base = String(name[name.index(after: dot)...])
        return originMetrics.contains { $0.name == base }
            || calibrationChannel.contains { $0.metric.name == base }
    }

    /// A front-office channel's figures about the cases first reported through it.
    public static let originMetrics = [
        Metric(
            "dispatched_share", unit: "share", better: .neither,
            "work orders from the channel's contacts over its arrivals (Beijing 12345, 2020: 41 %)"),
        Metric(
            "work_orders_per_day", unit: "count/d", better: .neither,
            "work orders from the channel's contacts a day, at full scale"),
        Metric(
            "dispatch_min", unit: "min", better: .lower,
            "mean minutes from report to first dispatch of the cases first reported through the channel"),
    ]

    /// Every name a target may use, for hints: the catalogue's and the calibration figures'.
    public static var calibrationNames: [String] {
        let totals: [String] = (city + shock).map(\.metric.name) + run.map(\.metric.name)
        let figures: [String] = calibrationCity.map(\.metric.name)
        let byType: [String] = caseType.map { "TYPE." + $0.metric.name }
        let byChannel: [String] =
            (channel.map(\.metric) + calibrationChannel.map(\.metric) + originMetrics).map {
                "CHANNEL." + $0.name
            }
        return totals + figures + byType + byChannel
    }

    /// A count per day at full scale.
    private static func perDay(_ count: Double, _ city: CityResult) -> Double? {
        city.measuredDays > 0 && city.scale > 0 ? count / city.measuredDays / city.scale : nil
    }

    private static func share(_ part: Int, of whole: Int) -> Double? {
        whole > 0 ? Double(part) / Double(whole) : nil
    }
}
