import Dispatch
import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// One replication of a city scenario: the partitions, one hub per city- or district-scope
/// channel and the back office, run on the engine with a window of `scenario.window`.
enum CitySimulation {
    static func run(
        _ scenario: Scenario, model: CityModel, policy: String, replication: Int, seed: UInt64, threads: Int,
        cases: (any CaseSinkFactory)? = nil
    ) -> ReplicationResult {
        let buildStart = DispatchTime.now().uptimeNanoseconds
        let plan = CityPlan(scenario: scenario, model: model)
        // Partitions generate their residents in parallel.
        let partitions = ParallelExecutor(threads: threads).map(plan.city.partitions.count) {
            Partition(plan: plan, index: $0, seed: seed, replication: replication)
        }
        var hubs: [FrontOfficeHub] = []
        for (channel, process) in plan.hubProcess.enumerated() where process != nil {
            hubs.append(FrontOfficeHub(plan: plan, channel: channel, seed: seed, replication: replication))
        }
        let backOffice = BackOffice(plan: plan, seed: seed, replication: replication)
        // `--cases`: one part file per partition, one for the hubs, one for the back office.
        var logs: [any CaseSink] = []
        if let cases {
            for partition in partitions {
                let log = cases.makeSink()
                partition.caseLog = log
                logs.append(log)
            }
            let hubLog = cases.makeSink()
            logs.append(hubLog)
            for hub in hubs { hub.caseLog = hubLog }
            let backLog = cases.makeSink()
            logs.append(backLog)
            backOffice.caseLog = backLog
        }
        var processes: [any LogicalProcess<ModelMessage>] = partitions
        processes.append(contentsOf: hubs as [any LogicalProcess<ModelMessage>])
        processes.append(backOffice)
        let engine = Engine<ModelMessage>(
            processes: processes, lookahead: scenario.window, executor: ParallelExecutor(threads: threads))
        let runStart = DispatchTime.now().uptimeNanoseconds
        engine.run(until: scenario.horizon)
        let collectStart = DispatchTime.now().uptimeNanoseconds
        for partition in partitions { partition.finish() }
        for hub in hubs { hub.finish() }
        backOffice.finish()
        var result = collect(
            plan: plan, partitions: partitions, hubs: hubs, backOffice: backOffice, policy: policy,
            replication: replication, engine: engine.statistics)
        result.caseParts = logs.compactMap { $0.close() }
        result.caseLogError = logs.compactMap(\.failure).first
        result.buildSeconds = Double(runStart - buildStart) / 1e9
        result.collectSeconds = Double(DispatchTime.now().uptimeNanoseconds - collectStart) / 1e9
        return result
    }

    /// Adds the processes' results up, in process order (a fixed order: the sums do not depend
    /// on the thread count).
    static func collect(
        plan: CityPlan, partitions: [Partition], hubs: [FrontOfficeHub], backOffice: BackOffice,
        policy: String, replication: Int, engine: EngineStatistics
    ) -> ReplicationResult {
        let scenario = plan.scenario
        let model = plan.model
        let channels = channelResults(plan: plan, partitions: partitions, hubs: hubs)
        var (tally, events) = tallies(plan: plan, partitions: partitions, hubs: hubs, backOffice: backOffice)
        events += partitions.reduce(0) { $0 + $1.eventCount }
        let samples = districtSamples(plan: plan, partitions: partitions)
        let last = samples.last ?? []
        let trust = last.reduce(0) { $0 + $1.trustSum }
        let residents = last.reduce(0) { $0 + $1.residents }
        var gridStatistics = QueueStatistics()
        for partition in partitions { gridStatistics.absorb(partition.grid.statistics) }
        let gridSeconds = partitions.reduce(0.0) { $0 + $1.grid.staffSeconds }
        var backOfficeRows = backOffice.results()
        backOfficeRows.append(
            ChannelResult(
                name: "grid", kind: .generic, statistics: gridStatistics,
                costPerStaffHour: model.grid.costPerStaffHour,
                staffHours: gridSeconds / SimClock.hour, repeatContacts: 0, samples: [], role: "grid"))
        let transient = CityResult.transient(
            backlog: samples.map { row in row.reduce(0) { $0 + $1.created - $1.closed - $1.dropped } },
            interval: scenario.reportInterval, horizon: scenario.horizon, shocks: model.shocks)
        var result = ReplicationResult(
            policy: policy, replication: replication, channels: channels, engine: engine)
        result.events = events
        result.city = CityResult(
            caseTypes: model.caseTypes.map(\.name), districts: plan.city.districts.map(\.name), tally: tally,
            samples: samples, backOffice: backOfficeRows,
            meanTrust: residents > 0 ? trust / Double(residents) : 0,
            residents: plan.city.residentCount, cells: plan.city.cellCount, peakBacklog: transient.peak,
            drainHours: transient.drain)
        result.city?.gridWorkers = plan.model.grid.workersPerCell * Double(plan.city.cellCount)
        result.city?.measuredDays = (plan.scenario.horizon - plan.scenario.warmup) / SimClock.day
        result.city?.scale = plan.model.layout.scale
        result.city?.drainCensored = transient.censored
        result.setOvertimePremium(scenario.overtimePremium)
        return result
    }

    /// Every front-office channel's result, in the scenario's order: community channels summed
    /// over the partitions, the others from their hubs.
    static func channelResults(plan: CityPlan, partitions: [Partition], hubs: [FrontOfficeHub])
        -> [ChannelResult]
    {
        var channels: [ChannelResult] = []
        var hubIndex = 0
        for (index, spec) in plan.scenario.channels.enumerated() {
            guard let local = plan.localIndex[index] else {
                channels.append(hubs[hubIndex].result())
                hubIndex += 1
                continue
            }
            var statistics = QueueStatistics()
            var staffSeconds = 0.0
            var samples: [ChannelSample] = []
            for partition in partitions {
                statistics.absorb(partition.banks[local].statistics)
                staffSeconds += partition.banks[local].staffSeconds
                samples = merge(samples, partition.channelSamples[local])
            }
            channels.append(
                ChannelResult(
                    name: spec.name, kind: spec.kind, statistics: statistics,
                    costPerStaffHour: spec.costPerStaffHour,
                    staffHours: staffSeconds / SimClock.hour, repeatContacts: 0, samples: samples))
        }
        return channels
    }

    /// The partitions' tallies added up, with the cases still open at the hubs and in the back
    /// office, and the events the hubs and the back office handled.
    static func tallies(
        plan: CityPlan, partitions: [Partition], hubs: [FrontOfficeHub], backOffice: BackOffice
    )
        -> (CityTally, Int)
    {
        let types = plan.model.caseTypes.count
        let warmup = plan.scenario.warmup
        var tally = CityTally(types: types)
        for partition in partitions { tally.absorb(partition.tally) }
        var events = 0
        for hub in hubs {
            for (type, count) in hub.openCases(warmup: warmup, types: types).enumerated() {
                tally.open[type][1] += count
            }
            tally.lateOpen += hub.lateOpen
            events += hub.events + hub.bank.counters.served + hub.bank.counters.abandoned
        }
        tally.duplicatesMerged += backOffice.duplicatesMerged
        let backOpen = backOffice.open(warmup: warmup, types: types)
        tally.lateOpen += backOffice.lateOpen
        for type in backOpen.indices {
            for stage in backOpen[type].indices { tally.open[type][stage] += backOpen[type][stage] }
        }
        events +=
            backOffice.events + backOffice.centre.counters.served + backOffice.departments.counters.served
        return (tally, events)
    }

    /// The districts' samples at each report time, summed over the partitions.
    static func districtSamples(plan: CityPlan, partitions: [Partition]) -> [[DistrictSample]] {
        var samples: [[DistrictSample]] = []
        let sampleCount = partitions.map(\.districtSamples.count).min() ?? 0
        for time in 0..<sampleCount {
            var row = Array(repeating: DistrictSample(), count: plan.city.districts.count)
            for partition in partitions {
                let first = partition.segments.first?.district ?? 0
                for (local, sample) in partition.districtSamples[time].enumerated() {
                    row[first + local].absorb(sample)
                }
            }
            samples.append(row)
        }
        return samples
    }

    /// Adds two partitions' channel samples time by time.
    static func merge(_ a: [ChannelSample], _ b: [ChannelSample]) -> [ChannelSample] {
        guard !a.isEmpty else { return b }
        return zip(a, b).map { x, y in
            let served = x.served + y.served
            return ChannelSample(
                time: x.time, arrivals: x.arrivals + y.arrivals, served: served,
                abandoned: x.abandoned + y.abandoned,
                turnedAway: x.turnedAway + y.turnedAway,
                meanWaitOfServed: served > 0
                    ? (x.meanWaitOfServed * Double(x.served) + y.meanWaitOfServed * Double(y.served))
                        / Double(served) : 0,
                waiting: x.waiting + y.waiting, busy: x.busy + y.busy, onDuty: x.onDuty + y.onDuty)
        }
    }
}
