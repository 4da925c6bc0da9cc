import GovLoadTestSupport
import Testing

@testable import GovLoad
@testable import GovLoadAnalysis
@testable import GovLoadEngine
@testable import GovLoadExperiment
@testable import GovLoadModel
@testable import GovLoadOutput
@testable import GovLoadQueueing
@testable import GovLoadRun
@testable import GovLoadScenario
@testable import GovLoadSupport

/// The queue's building blocks: shift schedules, hour-of-week arrivals, priorities, capacity,
/// the event heap's ordering.
@Suite("Queue mechanics")
struct QueueMechanicsTests {
    @Test("a shift schedule adds overlapping shifts, wraps past midnight and repeats weekly")
    func schedule() {
        let schedule = ShiftSchedule(shifts: [
            .init(days: Set(0..<5), start: 8 * 3_600, end: 18 * 3_600, servers: 5),
            .init(days: Set(0..<5), start: 12 * 3_600, end: 14 * 3_600, servers: 2),
            .init(days: [4], start: 22 * 3_600, end: 2 * 3_600, servers: 1),  // Friday night into Saturday
        ])
        let monday = 0.0
        #expect(schedule.servers(at: monday + 7 * 3_600) == 0)
        #expect(schedule.servers(at: monday + 8 * 3_600) == 5)
        #expect(schedule.servers(at: monday + 13 * 3_600) == 7)
        #expect(schedule.servers(at: monday + 18 * 3_600) == 0)
        let friday = 4 * SimClock.day
        #expect(schedule.servers(at: friday + 23 * 3_600) == 1)
        #expect(schedule.servers(at: friday + SimClock.day + 1 * 3_600) == 1)  // Saturday 01:00
        #expect(schedule.servers(at: friday + SimClock.day + 3 * 3_600) == 0)
        #expect(schedule.servers(at: SimClock.week + monday + 13 * 3_600) == 7)  // week 2
        #expect(schedule.nextChange(after: monday + 9 * 3_600) == monday + 12 * 3_600)
        // staff hours per week: 5 days × (10 h × 5 + 2 h × 2) + 4 h × 1
        #expect(schedule.staffSeconds(from: 0, to: SimClock.week) / 3_600 == 5 * (50 + 4) + 4)
    }

    @Test("a sunday-to-monday shift wraps around the end of the week")
    func weekWrap() {
        let schedule = ShiftSchedule(shifts: [.init(days: [6], start: 20 * 3_600, end: 6 * 3_600, servers: 3)]
        )
        #expect(schedule.servers(at: 6 * SimClock.day + 21 * 3_600) == 3)
        #expect(schedule.servers(at: 3 * 3_600) == 3)  // Monday 03:00 of week 1
        #expect(schedule.servers(at: SimClock.week + 3 * 3_600) == 3)
        #expect(schedule.servers(at: 7 * 3_600) == 0)
    }

    @Test("arrivals follow the hour-of-day profile")
    func hourlyProfile() {
        var factors = [Double](repeating: 0, count: 24)
        factors[9] = 3
        factors[15] = 1
        let process = ArrivalProcess(ratePerSecond: 100.0 / 3_600, hourFactors: factors)
        let stream = RandomStream(
            StreamKey(seed: 3, replication: 0, kind: .arrivalStream, entity: 1, purpose: .arrivals))
        var counts = [Int](repeating: 0, count: 24)
        var time = 0.0
        while true {
            time = process.nextArrival(after: time, unitExponential: stream.exponential(mean: 1))
            guard time < 50 * SimClock.day else { break }
            counts[Int(time.truncatingRemainder(dividingBy: SimClock.day) / 3_600)] += 1
        }
        #expect(counts.enumerated().allSatisfy { $0.offset == 9 || $0.offset == 15 || $0.element == 0 })
        // 50 days × 300 and × 100 expected; Poisson sd ≈ 122 and 71
        #expect(abs(counts[9] - 15_000) < 500)
        #expect(abs(counts[15] - 5_000) < 300)
    }

    @Test("a rate of zero never arrives")
    func zeroRate() {
        let process = ArrivalProcess(ratePerSecond: 0)
        #expect(process.nextArrival(after: 0, unitExponential: 1) == .infinity)
        let night = ArrivalProcess(ratePerSecond: 1, hourFactors: [Double](repeating: 0, count: 24))
        #expect(night.nextArrival(after: 0, unitExponential: 1) == .infinity)
    }

    @Test("priority 0 is served before priority 1, FCFS within a class")
    func priorities() {
        let queue = ServiceQueue(schedule: ShiftSchedule(constant: 1), priorityLevels: 2)
        queue.recordsDepartures = true
        // one customer in service, then low, high, low, high arrive
        queue.arrive(QueueArrival(tag: 0, priority: 1, serviceTime: 10, patience: .infinity), at: 0)
        for (tag, priority) in [(1, 1), (2, 0), (3, 1), (4, 0)] {
            queue.arrive(
                QueueArrival(tag: Int32(tag), priority: priority, serviceTime: 10, patience: .infinity), at: 1
            )
        }
        while queue.nextEventTime.isFinite { queue.processNextEvent() }
        // With equal service times, departure order is service order.
        let departures = queue.takeDepartures()
        #expect(departures.map(\.tag) == [0, 2, 4, 1, 3])
        #expect(departures.map(\.wait) == [0, 9, 19, 29, 39])
        #expect(queue.takeDepartures().isEmpty)
    }

    @Test("lines longer than their first buffer, wrapped and with gaps left by abandonment, stay FCFS")
    func longLinesWrapAround() {
        let queue = ServiceQueue(schedule: ShiftSchedule(constant: 1), priorityLevels: 3)
        queue.recordsDepartures = true
        // Serve a few first, so that the lowest line's head has moved before it must grow.
        var tag: Int32 = 0
        for _ in 0..<5 {
            queue.arrive(QueueArrival(tag: tag, priority: 2, serviceTime: 1, patience: .infinity), at: 0)
            tag += 1
        }
        while queue.nextEventTime < 3 { queue.processNextEvent() }
        // 100 callers in each class; every third of class 1 gives up after 50 s.
        for index in 0..<300 {
            let priority = index % 3
            let patience: SimTime = priority == 1 && index % 9 == 1 ? 50 : .infinity
            queue.arrive(
                QueueArrival(tag: tag, priority: priority, serviceTime: 1, patience: patience), at: 3)
            tag += 1
        }
        while queue.nextEventTime.isFinite { queue.processNextEvent() }
        let departures = queue.takeDepartures()
        let served = departures.filter { $0.outcome == .served }.map(\.tag)
        let abandoned = Set(departures.filter { $0.outcome == .abandoned }.map(\.tag))
        let late = (5..<305).map { Int32($0) }
        func line(_ level: Int32) -> [Int32] {
            late.filter { ($0 - 5) % 3 == level && !abandoned.contains($0) }
        }
        // 3 and 4 (class 2) were still waiting when the others came: they go after classes 0 and 1.
        let expected: [Int32] = [0, 1, 2] + line(0) + line(1) + [3, 4] + line(2)
        #expect(abandoned.count > 20)
        #expect(abandoned.allSatisfy { ($0 - 5) % 9 == 1 })
        #expect(served == expected)
        #expect(served.count + abandoned.count == 305)
    }

    @Test("every positive wait reaches the histogram, read mid-run or at the end, in blocks or not")
    func waitsReachTheHistogram() {
        let queue = ServiceQueue(schedule: ShiftSchedule(constant: 1))
        // One server, 1,000 callers at time 0, a second each: waits of 0, 1, …, 999 s.
        for tag in 0..<1_000 {
            queue.arrive(
                QueueArrival(tag: Int32(tag), priority: 0, serviceTime: 1, patience: .infinity), at: 0)
        }
        for _ in 0..<300 { queue.processNextEvent() }
        #expect(queue.statistics.zeroWaits == 1)
        #expect(queue.statistics.waitHistogram.totalCount == 299)
        while queue.nextEventTime.isFinite { queue.processNextEvent() }
        queue.finish(at: 2_000)
        let statistics = queue.statistics
        #expect(statistics.served == 1_000 && statistics.zeroWaits == 1)
        #expect(statistics.waitHistogram.totalCount == 999)
        #expect(abs(statistics.waitPercentile(50) - 499) <= 1)
        #expect(abs(Double(statistics.waitHistogram.max) / 1000 - 999) <= 1)
    }

    @Test("a raw list appends past its first buffer, pops from the end and keeps its order")
    func rawList() {
        var list = RawList<Int32>(capacity: 2)
        for value in 0..<1_000 { list.append(Int32(value)) }
        #expect(list.count == 1_000)
        #expect(list[999] == 999 && list[0] == 0)
        list[10] = -10
        var seen: [Int32] = []
        list.forEachElement { seen.append($0) }
        #expect(seen.count == 1_000 && seen[10] == -10 && seen[11] == 11)
        #expect(list.popLast() == 999)
        list.removeAll()
        #expect(list.isEmpty && list.popLast() == nil)
    }

    @Test("a list table keeps each list apart, grows each alone and removes in place, in order")
    func listTable() {
        // Random appends and removals against an array of arrays doing the same.
        var table = ListTable<UInt64>(lists: 7)
        var model = Array(repeating: [UInt64](), count: 7)
        var state: UInt64 = 12_345
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        for step in 0..<20_000 {
            let list = Int(next() % 7)
            if step % 10 == 9 {
                let modulus = next() % 5 + 2
                table.removeAll(from: list) { $0 % modulus == 0 }
                model[list].removeAll { $0 % modulus == 0 }
            } else {
                let value = next()
                table.append(value, to: list)
                model[list].append(value)
            }
        }
        for list in 0..<7 {
            #expect(table.count(of: list) == model[list].count)
            var seen: [UInt64] = []
            table.removeAll(from: list) { element in
                seen.append(element)
                return false
            }
            #expect(seen == model[list])
            table.prefetch(list)
        }
        #expect(ListTable<UInt8>(lists: 0).lists == 0)
    }

    @Test("a huge-page buffer holds what is written, small or past one 2 MiB page")
    func hugePageBuffer() {
        for count in [0, 1, 1_000, 3 << 20] {
            let buffer = HugePageBuffer<UInt32>(count: count, repeating: 7)
            #expect(buffer.count == count)
            var unfilled = 0
            for index in 0..<count where buffer[index] != 7 { unfilled += 1 }
            func value(_ index: Int) -> UInt32 { UInt32(truncatingIfNeeded: index &* 2_654_435_761) }
            for index in 0..<count { buffer[index] = value(index) }
            var wrong = 0
            for index in 0..<count where buffer[index] != value(index) { wrong += 1 }
            #expect(unfilled == 0 && wrong == 0)
            if count > 0 { buffer.prefetch(count - 1) }
        }
    }

    /// A size no other test maps (25 MiB + 1 byte, 13 huge pages), so that the mapping kept when
    /// the first buffer goes is the one the second gets: it must hold the new values only.
    @Test("a huge-page mapping kept from a buffer that went serves the next of its size, refilled")
    func hugePageReuse() {
        let count = 25 << 20 + 1
        var address = 0
        do {
            let first = HugePageBuffer<UInt8>(count: count, repeating: 1)
            for index in stride(from: 0, to: count, by: 4_096) { first[index] = 200 }
            address = Int(bitPattern: first.base)
        }
        let second = HugePageBuffer<UInt8>(count: count, repeating: 7)
        #expect(Int(bitPattern: second.base) == address)
        var other = 0
        for index in 0..<count where second[index] != 7 { other += 1 }
        #expect(other == 0)
    }

    @Test("an impatient caller abandons at the end of its patience, and is logged as such")
    func abandonment() {
        let queue = ServiceQueue(schedule: ShiftSchedule(constant: 1))
        queue.recordsDepartures = true
        queue.arrive(QueueArrival(tag: 1, priority: 0, serviceTime: 100, patience: .infinity), at: 0)
        queue.arrive(QueueArrival(tag: 2, priority: 0, serviceTime: 10, patience: 30), at: 5)
        queue.arrive(QueueArrival(tag: 3, priority: 0, serviceTime: 10, patience: 500), at: 6)
        while queue.nextEventTime.isFinite { queue.processNextEvent() }
        let departures = queue.takeDepartures()
        #expect(
            departures == [
                QueueDeparture(tag: 2, arrival: 5, time: 35, wait: 30, outcome: .abandoned),
                QueueDeparture(tag: 1, arrival: 0, time: 100, wait: 0, outcome: .served),
                QueueDeparture(tag: 3, arrival: 6, time: 110, wait: 94, outcome: .served),
            ])
    }

    @Test("a full waiting room turns arrivals away and counts them")
    func capacity() {
        let queue = ServiceQueue(schedule: ShiftSchedule(constant: 1), capacity: 2)
        var admissions: [QueueAdmission] = []
        for index in 0..<5 {
            admissions.append(
                queue.arrive(
                    QueueArrival(tag: Int32(index), priority: 0, serviceTime: 100, patience: .infinity),
                    at: Double(index)))
        }
        #expect(admissions == [.startedService, .queued, .queued, .turnedAway, .turnedAway])
        #expect(queue.counters.turnedAway == 2)
    }

    @Test("servers going off shift finish the customer in hand; none start until back on duty")
    func shiftEnd() {
        let schedule = ShiftSchedule(shifts: [.init(days: Set(0..<7), start: 0, end: 3_600, servers: 1)])
        let queue = ServiceQueue(schedule: schedule)
        queue.recordsDepartures = true
        // runs past 01:00, when the only server goes off shift
        queue.arrive(QueueArrival(tag: 1, priority: 0, serviceTime: 3_000, patience: .infinity), at: 3_000)
        queue.arrive(QueueArrival(tag: 2, priority: 0, serviceTime: 60, patience: .infinity), at: 3_100)
        while queue.nextEventTime < 2 * SimClock.day { queue.processNextEvent() }
        let departures = queue.takeDepartures()
        #expect(departures.map(\.tag) == [1, 2])
        // customer 2 starts only when the shift opens again the next day at 00:00
        #expect(departures.last?.time == SimClock.day + 60)
        #expect(departures.last?.wait == SimClock.day - 3_100)
    }

    /// Two day-shift queues: quiet from the start until the shift, active through the day and
    /// while a task runs past the shift's end (overtime), quiet again from the last departure.
    @Test("a queue bank knows since when none of its queues has staff on duty or a customer in service")
    func bankQuietSince() {
        let day = ShiftSchedule(shifts: [
            .init(days: Set(0..<7), start: 8 * 3_600, end: 18 * 3_600, servers: 1)
        ])
        let bank = QueueBank(schedules: [day, day], priorityLevels: 1, capacity: nil, warmup: 0)
        #expect(bank.quietSince == 0)
        func run(until end: SimTime) {
            while bank.nextEventTime <= end { bank.processNext { _, _ in } }
        }
        run(until: 8 * 3_600)
        #expect(bank.quietSince == .infinity)
        // A task from 17:00 to 19:30 on queue 1: the day ends at 18:00, the overtime at 19:30.
        run(until: 17 * 3_600)
        bank.arrive(
            queue: 1, QueueArrival(tag: 7, priority: 0, serviceTime: 2.5 * 3_600, patience: .infinity),
            at: 17 * 3_600)
        run(until: 18 * 3_600)
        #expect(bank.quietSince == .infinity)
        run(until: 19 * 3_600)
        #expect(bank.quietSince == .infinity)
        run(until: 20 * 3_600)
        #expect(bank.quietSince == 19.5 * 3_600)
        run(until: SimClock.day + 8 * 3_600)
        #expect(bank.quietSince == .infinity)
    }

    /// Against brute force over 20,000 random changes: the first member is the one with the
    /// earliest time, members due at the same instant in the order their times were last set,
    /// a time set again unchanged keeping its place, +∞ taking the member away.
    @Test("an indexed agenda finds the member due first, ties in the order their times were set")
    func indexedAgenda() {
        let members = 37
        var agenda = IndexedAgenda(members: members)
        var model: [Int: (time: SimTime, order: Int)] = [:]
        var random = FuzzTests.SplitMix(state: 23)
        for step in 0..<20_000 {
            let member = random.below(members)
            // Few distinct times, so that ties are common; one in eight takes the member away.
            let time: SimTime = random.below(8) == 0 ? .infinity : Double(random.below(6))
            if time == .infinity {
                model[member] = nil
            } else if model[member]?.time != time {
                model[member] = (time, step)
            }
            agenda.set(member, to: time)
            let first = model.min { ($0.value.time, $0.value.order) < ($1.value.time, $1.value.order) }
            #expect(agenda.count == model.count)
            #expect(agenda.nextTime == (first?.value.time ?? .infinity))
            if let first { #expect(agenda.firstMember == first.key) }
            #expect(agenda.time(of: member) == (model[member]?.time ?? .infinity))
        }
    }

    /// 30,000 random steps: events scheduled in the heap or "in order" (the lane, or the heap
    /// when earlier than the lane's last), pops in between; the pops must match a plain heap's.
    @Test("a heap with an in-order lane gives events in exactly a plain heap's order")
    func lanedHeapMatchesHeap() {
        var laned = LanedEventHeap<Int>(capacity: 4)
        var plain = EventHeap<Int>(capacity: 4)
        var random = FuzzTests.SplitMix(state: 29)
        var now = 0.0
        var inOrder = 0
        for step in 0..<30_000 {
            if random.below(3) == 0 {
                let a = laned.popFirst()
                let b = plain.popFirst()
                #expect(a?.time == b?.time && a?.payload == b?.payload)
                if let a { now = a.time }
                continue
            }
            // Coarse times, so that ties are common; in-order events mostly rise, sometimes not.
            let time = now + Double(random.below(20)) / 4
            if random.below(2) == 0 {
                laned.scheduleInOrder(step, at: time)
                inOrder += 1
            } else {
                laned.schedule(step, at: time)
            }
            plain.schedule(step, at: time)
            #expect(laned.count == plain.count && laned.nextTime == plain.nextTime)
        }
        while let b = plain.popFirst() {
            let a = laned.popFirst()
            #expect(a?.time == b.time && a?.payload == b.payload)
        }
        #expect(laned.popFirst() == nil && inOrder > 0)
    }

    /// 40,000 random steps of a queue's two event sets — departures in a tournament tree (held,
    /// replaced at the root, removed at the root; grown from one leaf to thousands), abandonments
    /// in a heap —
    /// numbered from one counter: the earlier of the two by `firstOrder` must always be a plain
    /// heap's next event, ties included.
    @Test("a tournament tree and a heap numbered from one counter give one heap's order")
    func tournamentTreeAndHeapMatchOneHeap() {
        var tree = TournamentTree<Int>(capacity: 1)
        var patience = EventHeap<Int>(capacity: 4)
        var plain = EventHeap<Int>(capacity: 4)
        var random = FuzzTests.SplitMix(state: 31)
        var sequence: UInt64 = 0
        var now = 0.0
        var grew = false
        for step in 0..<40_000 {
            // Coarse times, so that ties are common across the two sets.
            let time = now + Double(random.below(12)) / 4
            // A third of the steps pop at first, so that thousands are held; three fifths later.
            switch random.below(step < 10_000 ? 3 : 5) {
            case 0:
                tree.insert(step, at: time, sequence: sequence)
                plain.schedule(step, at: time)
                sequence += 1
            case 1:
                patience.schedule(step, at: time, sequence: sequence)
                plain.schedule(step, at: time)
                sequence += 1
            default:
                guard let expected = plain.first else { continue }
                let fromTree = tree.count > 0 && tree.firstOrder < patience.firstOrder
                #expect(min(tree.nextTime, patience.nextTime) == expected.time)
                #expect((fromTree ? tree.first : patience.first?.payload) == expected.payload)
                now = expected.time
                if fromTree && random.below(2) == 0 {
                    // A server takes the next customer: the root is replaced, as a pop and a push.
                    let next = now + Double(random.below(12)) / 4
                    tree.replaceFirst(with: step, at: next, sequence: sequence)
                    plain.replaceFirst(with: step, at: next)
                    sequence += 1
                } else {
                    if fromTree { tree.removeFirst() } else { patience.removeFirst() }
                    plain.removeFirst()
                }
            }
            grew = grew || tree.leaves > 8
            #expect(tree.count + patience.count == plain.count)
        }
        var held: [Int] = []
        tree.forEachPayload { held.append($0) }
        var expected: [Int] = []
        while let entry = plain.popFirst() {
            if tree.count > 0 && tree.firstOrder < patience.firstOrder {
                #expect(tree.first == entry.payload)
                tree.removeFirst()
            } else {
                #expect(patience.popFirst()?.payload == entry.payload)
            }
            expected.append(entry.payload)
        }
        #expect(Set(held).isSubset(of: Set(expected)) && tree.count == 0 && patience.isEmpty && grew)
        #expect(tree.nextTime == .infinity)
    }

    @Test("events at the same time run in the order they were scheduled")
    func heapTies() {
        var heap = EventHeap<Int>(capacity: 4)
        for index in 0..<100 { heap.schedule(index, at: Double(index % 3)) }
        var popped: [(Double, Int)] = []
        while let entry = heap.popFirst() { popped.append((entry.time, entry.payload)) }
        let expected = (0..<100).sorted { a, b in (a % 3, a) < (b % 3, b) }
        #expect(popped.map(\.1) == expected)
    }
}

/// The engine's windows: results must not depend on the window length or the thread count.
@Suite("Engine windows")
struct EngineWindowTests {
    @Test("forcing barriers every 1 s, 60 s or never leaves every result unchanged")
    func windowsDoNotChangeResults() throws {
        var scenario = try TestSupport.scenario("validation/shifts.yaml")
        scenario.horizon = 3 * SimClock.day
        scenario.warmup = 0
        func fingerprint(_ lookahead: SimTime?, threads: Int) -> [String] {
            let result = Simulation.run(
                scenario, policy: "p", replication: 0, seed: 3, threads: threads, lookahead: lookahead)
            return result.channels.map { channel in
                let s = channel.statistics
                return
                    "\(s.arrivals) \(s.served) \(s.abandoned) \(s.waitOfServed) \(s.queueArea) \(channel.samples.map(\.waiting))"
            }
        }
        let reference = fingerprint(nil, threads: 1)
        #expect(fingerprint(60, threads: 2) == reference)
        #expect(fingerprint(1, threads: 2) == reference)
        let windows = Simulation.run(
            scenario, policy: "p", replication: 0, seed: 3, threads: 1, lookahead: 60
        ).engine.windows
        #expect(windows > 1_000)  // busy minutes of three days
        #expect(
            Simulation.run(scenario, policy: "p", replication: 0, seed: 3, threads: 1).engine.windows == 1)
    }
}
