import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// What a partition reports: samples at every reporting time, and its books at the end.
extension Partition {
    /// Records the district totals and the community channels' flows since the last sample.
    func sample(at time: SimTime) {
        districtSamples.append(districtTotals)
        for (b, bank) in banks.enumerated() {
            channelSamples[b].append(ChannelSample(time: time, bank: bank, since: lastChannelCounters[b]))
            lastChannelCounters[b] = bank.counters
        }
    }

    /// Closes the books at the horizon: the last sample, the queues' statistics, and the cases
    /// still open, by stage.
    func finish() {
        for bank in banks { bank.finish(at: horizon) }
        finishPatrol(at: horizon)
        grid.finish(at: horizon)
        sample(at: horizon)
        held.forEachHeld { _, entry in
            switch entry.role {
            case .followUpOnly, .pendingRepeat:
                return
            case .answer
            where entry.contact.outcome == .served
                && plan.caseRules[Int(entry.contact.record.type)].kind != .service:
                return  // the case itself went on to the back office
            default:
                let record = entry.contact.record
                guard record.created >= warmup, !record.has(CaseFlags.duplicate) else { return }
                tally.open[Int(record.type)][CityAccounting.stage(of: record)] += 1
                if plan.isLate(record, at: horizon) { tally.lateOpen += 1 }
                log(record, status: .open)
            }
        }
    }

    /// Events handled (partition events and queue events).
    var eventCount: Int {
        var count = handledEvents
        for bank in banks {
            let counters = bank.counters
            count += counters.arrivals + counters.served + counters.abandoned
        }
        let counters = grid.counters
        return count + counters.arrivals + counters.served
    }
}

/// Where a case is in its lifecycle, for the end-of-run accounting.
enum CityAccounting {
    /// The stages an open case can be in, in `CityTally.openByStage` order.
    static let stages = ["unreported", "reported", "registered", "handled"]

    /// The stage of an open case, from its timestamps: unreported (a latent hazard, or a need
    /// waiting for a channel to open), reported (at the front office or about to try again),
    /// registered (in the back office), handled (awaiting verification).
    static func stage(of record: CaseRecord) -> Int {
        if record.reported < 0 { return 0 }
        if record.registered < 0 { return 1 }
        if record.handled < 0 { return 2 }
        return 3
    }

    /// Whether a closed case's stage times are in lifecycle order and it passed every stage its
    /// route requires: reported and handled always; registered and dispatched unless a grid
    /// worker finished it on site; verified under full-cycle verification (services excepted).
    static func audit(_ record: CaseRecord, kind: CaseKind, verification: Bool) -> Bool {
        let times = [
            record.created, record.reported, record.registered, record.dispatched, record.handled,
            record.verified, record.closed,
        ]
        var last = -SimTime.infinity
        for time in times where time >= 0 {
            if time < last { return false }
            last = time
        }
        if record.reported < 0 || record.handled < 0 || record.closed < 0 { return false }
        let office = kind != .service && !record.has(CaseFlags.settledOnContact)
        if office && !record.has(CaseFlags.onSite) && (record.registered < 0 || record.dispatched < 0) {
            return false
        }
        if office && verification && record.verified < 0 { return false }
        return true
    }

}
