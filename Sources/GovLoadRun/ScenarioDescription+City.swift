import Foundation
import GovLoadAnalysis
import GovLoadEngine
import GovLoadExperiment
import GovLoadModel
import GovLoadOutput
import GovLoadQueueing
import GovLoadScenario
import GovLoadSupport

/// `govload describe` for a city: the generated city, demand, the back office, the grid, the
/// strategies, surge reserves and the shocks on a timeline.
extension ScenarioDescription {
    static func describeCity(_ model: CityModel, scenario: Scenario) -> [String] {
        let city = City(model)
        return describeLayout(city, model) + describeDemand(city, model) + describeBackOffice(model)
            + describeShocks(city, model)
    }

    /// The generated city, district by district.
    static func describeLayout(_ city: City, _ model: CityModel) -> [String] {
        var lines = [
            "",
            "city: \(city.residentCount) residents (scale \(format(model.layout.scale, 4))), "
                + "\(city.cellCount) grid cells of about \(model.layout.residentsPerCell), "
                + "\(city.communityCount) communities, \(city.streetCount) streets, "
                + "\(city.partitions.count) partitions",
            "  " + pad("district", 14) + pad("residents", 12, right: true) + pad("cells", 8, right: true)
                + pad("communities", 13, right: true) + pad("streets", 9, right: true)
                + pad("exposure", 10, right: true),
        ]
        for (index, district) in city.districts.enumerated() {
            lines.append(
                "  " + pad(district.name, 14) + pad("\(district.residents)", 12, right: true)
                    + pad("\(district.cells.count)", 8, right: true)
                    + pad("\(district.communities.count)", 13, right: true)
                    + pad("\(district.streets.count)", 9, right: true)
                    + pad(format(model.districts[index].exposure, 1), 10, right: true))
        }
        lines.append(
            "  age bands: "
                + zip(model.ageBands, model.districts.first?.ageShares ?? []).map {
                    "\($0.name) \(format($1 * 100, 2))% (literacy \(format($0.literacy, 2)))"
                }.joined(separator: ", "))
        lines.append(
            "  hazard sites: \(model.sites.perCell) a cell, \(format(model.sites.sensorCoverage * 100, 0))% under sensors"
        )
        return lines
    }

    /// Each case type's daily volume city-wide, SLA, channels, department and false closures.
    static func describeDemand(_ city: City, _ model: CityModel) -> [String] {
        var lines = ["", "case types (a day, city-wide, before profiles and shocks):"]
        let residents = Double(city.residentCount)
        for type in model.caseTypes {
            let perDay: Double
            if type.kind == .hazard {
                perDay = Double(city.cellCount * model.sites.perCell) * (type.rates.first ?? 0) * SimClock.day
            } else {
                let shares = model.districts.first?.ageShares ?? []
                perDay = residents * zip(type.rates, shares).reduce(0) { $0 + $1.0 * $1.1 } * SimClock.day
            }
            var text =
                "  \(type.name) (\(type.kind.rawValue)): \(format(perDay, 0)) a day, SLA \(Units.format(duration: type.sla))"
            if !type.channels.isEmpty {
                text += ", via " + type.channels.sorted { $0.key < $1.key }.map(\.key).joined(separator: "/")
            }
            if let department = type.department { text += ", handled by \(department)" }
            if type.falseClosure > 0 { text += ", \(format(type.falseClosure * 100, 0))% false closures" }
            lines.append(text)
        }
        return lines
    }

    /// The command centre, departments and grid, the strategy switches and the surge reserves.
    static func describeBackOffice(_ model: CityModel) -> [String] {
        var lines = [
            "",
            "back office (staff sized for the whole city; at another scale by square-root staffing, city.staffing_beta):",
        ]
        lines.append("  command centre: " + staffing(model.commandCentre.schedule))
        for department in model.departments {
            lines.append("  \(department.name): " + staffing(department.schedule))
        }
        lines.append(
            "  grid: \(format(model.grid.workersPerCell, 2)) workers a cell in pools of \(model.grid.cellsPerPool) cells; "
                + "domains \(model.grid.domains.joined(separator: ", "))")
        if let round = model.grid.patrolRound {
            lines.append(
                "  patrol: in the duty time tasks leave, a round of one cell every \(format(round / 60, 0)) min, "
                    + "finding each latent hazard of the worker's domain with chance \(format(model.grid.patrolFind * 100, 0))%"
            )
        } else {
            lines.append(
                "  patrol: a rate of \(format(model.grid.patrolDetectionRate * 86_400, 2)) finds a day per hazard and specialist worker, costing no worker time"
            )
        }
        let strategies = model.strategies
        var lifecycle: [String] = []
        if strategies.verification { lifecycle.append("verification") }
        if strategies.followUp { lifecycle.append("follow-up") }
        if strategies.review { lifecycle.append("review") }
        if strategies.preInspection { lifecycle.append("pre-inspection") }
        lines.append("")
        lines.append(
            "strategies: grid \(strategies.grid.rawValue), lifecycle "
                + (strategies.isFullCycle
                    ? "full_cycle" : lifecycle.isEmpty ? "fragmented" : lifecycle.joined(separator: "+"))
                + ", dispatch \(strategies.dispatch.rawValue), channels \(strategies.channels.rawValue)")
        for rule in model.surge {
            var trigger: [String] = []
            if rule.onWarning { trigger.append("a warning") }
            if let wait = rule.waitAbove { trigger.append("mean wait above \(Units.format(duration: wait))") }
            lines.append(
                "surge: \(rule.reserve) for \(rule.target) on \(trigger.joined(separator: " or ")), after "
                    + "\(Units.format(duration: rule.activationDelay)), for at most \(Units.format(duration: rule.maxDuration))"
                    + (rule.efficiency < 1 ? " at \(format(rule.efficiency * 100, 0))% efficiency" : ""))
        }
        return lines
    }

    /// The shocks on a timeline, each with its districts, warning and effects.
    static func describeShocks(_ city: City, _ model: CityModel) -> [String] {
        guard !model.shocks.isEmpty else { return [] }
        var lines = ["", "shocks:"]
        for shock in model.shocks.sorted(by: { $0.start < $1.start }) {
            let districts =
                shock.districts.isEmpty
                ? "all districts" : shock.districts.map { city.districts[$0].name }.joined(separator: ", ")
            var text =
                "  \(moment(shock.start))–\(moment(shock.start + shock.duration)) \(shock.name) (\(shock.kind.rawValue)), "
                + districts
            if shock.warning > 0 { text += "; warning \(Units.format(duration: shock.warning)) ahead" }
            lines.append(text)
            let effects = shockEffects(shock, city)
            if !effects.isEmpty { lines.append("    " + effects.joined(separator: "; ")) }
        }
        return lines
    }

    /// What a shock does, in phrases.
    static func shockEffects(_ shock: ShockSpec, _ city: City) -> [String] {
        var effects: [String] = []
        for (name, factor) in shock.demand.sorted(by: { $0.key < $1.key }) {
            effects.append("\(name) demand ×\(format(factor, 2))")
        }
        if shock.hazardFactor != 1 { effects.append("hazards ×\(format(shock.hazardFactor, 1))") }
        if shock.burstHazards > 0 || shock.burstEmergencies > 0 {
            effects.append("burst of \(shock.burstHazards) hazards and \(shock.burstEmergencies) emergencies")
        }
        if shock.escalationShare > 0 {
            effects.append("\(format(shock.escalationShare * 100, 0))% of latent hazards escalate")
        }
        for (name, factor) in shock.channels.sorted(by: { $0.key < $1.key }) {
            effects.append(factor == 0 ? "\(name) closed" : "\(name) staff ×\(format(factor, 2))")
        }
        if shock.departmentStaff != 1 {
            effects.append("department staff ×\(format(shock.departmentStaff, 2))")
        }
        if shock.gridDiversion > 0 {
            effects.append("\(format(shock.gridDiversion * 100, 0))% of grid time diverted")
        }
        for (district, count) in shock.visitors.sorted(by: { $0.key < $1.key }) {
            effects.append("\(count) visitors in \(city.districts[district].name)")
        }
        return effects
    }

    /// `day 13 06:00 (Sun)`.
    static func moment(_ time: SimTime) -> String {
        let day = Int(time / SimClock.day)
        let seconds = Int(time) - day * 86_400
        return String(
            format: "day %d %02d:%02d (%@)", day, seconds / 3_600, seconds % 3_600 / 60, dayNames[day % 7])
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }
}
