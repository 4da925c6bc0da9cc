import CGSL
import GovLoadEngine

/// Residents by age band: a partition stores its residents cell by cell and, inside a cell,
/// band by band (the order inside a cell means nothing else), so a need is raised by a resident
/// drawn straight from the band whose rate it follows — no need drawn at the highest band rate
/// and thinned away afterwards.
extension Partition {
    /// Where each band's residents sit: cumulative band counts over the partition's cells.
    struct BandIndex {
        /// Age bands.
        let bands: Int
        /// The partition's first (global) cell.
        let firstCell: Int
        /// Cell-major, `(cells + 1) × bands`: entry `c × bands + b` is the number of band-`b`
        /// residents in the partition's cells before local cell `c`.
        let before: [UInt32]

        /// Band-`band` residents in the global cells `cells`.
        func count(band: Int, in cells: Range<Int>) -> Int {
            let low = cells.lowerBound - firstCell
            let high = cells.upperBound - firstCell
            return Int(before[high * bands + band] &- before[low * bands + band])
        }

        /// The `k`-th band-`band` resident (from 0) of the global cells `cells`, and its cell:
        /// the cell found from the band's cumulative counts (`cell(holding:band:low:high:)`),
        /// then the band's place inside it. `cellResidents` are the city's first resident of
        /// each cell.
        func resident(_ k: Int, band: Int, in cells: Range<Int>, cellResidents: [UInt32]) -> (
            resident: Int, cell: Int
        ) {
            let first = cells.lowerBound - firstCell
            let target = Int(before[first * bands + band]) + k
            let low = cell(holding: target, band: band, low: first, high: cells.upperBound - firstCell)
            var offset = target - Int(before[low * bands + band])
            for earlier in 0..<band {
                offset += Int(before[(low + 1) * bands + earlier] &- before[low * bands + earlier])
            }
            let cell = firstCell + low
            return (Int(cellResidents[cell]) + offset, cell)
        }

        /// The last local cell in `low..<high` whose band-`band` count before it is ≤ `target`
        /// (the cell holding that resident). A district's residents are spread evenly over its
        /// cells and each cell's bands drawn alike, so the cell is guessed in proportion and
        /// is almost always within a step or two of the guess; a few steps settle it, and a
        /// binary search takes over where they do not (a search alone costs a dozen loads that
        /// miss the cache and branches no predictor can guess).
        func cell(holding target: Int, band: Int, low: Int, high: Int) -> Int {
            let base = Int(before[low * bands + band])
            let total = Int(before[high * bands + band]) - base
            var cell = min(high - 1, low + (target - base) * (high - low) / max(1, total))
            for _ in 0..<4 {
                if Int(before[cell * bands + band]) > target {
                    cell -= 1
                } else if cell + 1 < high && Int(before[(cell + 1) * bands + band]) <= target {
                    cell += 1
                } else {
                    return cell
                }
            }
            var (lower, upper) = (low, high - 1)
            while lower < upper {
                let mid = (lower + upper + 1) / 2
                if Int(before[mid * bands + band]) <= target { lower = mid } else { upper = mid - 1 }
            }
            return lower
        }
    }

    /// Each resident's age band, digital literacy and trust, drawn cell by cell from `stream`
    /// (the partition's generation stream): the cell's band counts from the multinomial of the
    /// district's age shares (`gsl_ran_multinomial`), then band by band each resident's literacy
    /// around the band's mean (±0.2) and trust around the initial level (±0.15), each stored as
    /// a byte, written to `residents` in order. Returns where each band's residents sit.
    static func drawResidents(
        plan: CityPlan, layout: City.Partition, from stream: RandomStream,
        into residents: borrowing HugePageBuffer<Resident>
    ) -> BandIndex {
        let bands = plan.model.ageBands.count
        var before = [UInt32](repeating: 0, count: (layout.cells.count + 1) * bands)
        let city = plan.city
        let bandLiteracy = plan.model.ageBands.map(\.literacy)
        let initialTrust = plan.model.behaviour.initialTrust
        let rng = stream.rng
        let districtShares = plan.model.districts.map { bandShares($0.ageShares, bands: bands) }
        var counts = [UInt32](repeating: 0, count: bands)
        var local = 0
        for cell in layout.cells {
            let shares = districtShares[Int(city.cellDistrict[cell])]
            let total = UInt32(Int(city.cellResidents[cell + 1]) - Int(city.cellResidents[cell]))
            gsl_ran_multinomial(rng, bands, total, shares, &counts)
            let row = (cell - layout.cells.lowerBound) * bands
            for band in 0..<bands {
                before[row + bands + band] = before[row + band] &+ counts[band]
                for _ in 0..<counts[band] {
                    let literacy = byte(bandLiteracy[band] + 0.2 * (RandomStream.uniform(rng) - 0.5) * 2)
                    let trust = byte(initialTrust + 0.15 * (RandomStream.uniform(rng) - 0.5) * 2)
                    residents[local] = Resident(
                        band: UInt8(truncatingIfNeeded: band), literacy: literacy, trust: trust)
                    local += 1
                }
            }
        }
        return BandIndex(bands: bands, firstCell: layout.cells.lowerBound, before: before)
    }

    /// A district's age shares as `bands` weights: missing bands weigh 0, and a district whose
    /// shares weigh nothing puts everyone in the last band.
    static func bandShares(_ shares: [Double], bands: Int) -> [Double] {
        var weights = (0..<bands).map { $0 < shares.count ? max(0, shares[$0]) : 0 }
        if !(weights.reduce(0, +) > 0) { weights[bands - 1] = 1 }
        return weights
    }

    /// One demand generator per segment and case type that its residents raise (hazards arise
    /// at sites instead): the segment's band counts weighted by the type's band rates.
    static func generators(plan: CityPlan, segments: [Segment], bands: BandIndex) -> (
        [Generator], bandWeights: [Double]
    ) {
        var generators: [Generator] = []
        var bandWeights: [Double] = []
        for s in segments.indices {
            for (t, type) in plan.model.caseTypes.enumerated() where type.kind != .hazard {
                var cumulative: [Double] = []
                var weight = 0.0
                for band in 0..<bands.bands {
                    let rate = band < type.rates.count ? type.rates[band] : 0
                    weight += Double(bands.count(band: band, in: segments[s].cells)) * rate
                    cumulative.append(weight)
                }
                guard weight > 0 else { continue }
                generators.append(Generator(segment: s, type: t, weight: weight))
                bandWeights += cumulative
            }
        }
        return (generators, bandWeights)
    }

    /// Draws who raises generator `g`'s next need — a band by its share of the generator's
    /// weight, then one of the segment's residents of that band, uniformly — and asks for the
    /// resident's traits now: a random resident's cache line is a miss, and the events before
    /// the need hide it.
    func drawNextRaiser(generator g: Int) {
        let cells = segments[generators[g].segment].cells
        let band = needBand(generator: g)
        let k = pick(bandIndex.count(band: band, in: cells), arrivalStream)
        let (resident, cell) = bandIndex.resident(
            k, band: band, in: cells, cellResidents: plan.city.cellResidents)
        generators[g].nextResident = UInt32(resident)
        generators[g].nextCell = UInt32(cell)
        prefetchResident(UInt32(resident))
        // The need may go to the cell's community centre or terminal: ask for those queues too.
        let community = Int(plan.city.cellCommunity[cell]) - layout.communities.lowerBound
        for bank in bankHandles { bank._withUnsafeGuaranteedRef { $0.prefetchQueue(community) } }
    }

    /// Asks for resident `resident`'s traits ahead of their use, if the resident lives here.
    func prefetchResident(_ resident: UInt32) {
        let local = Int(resident) &- layout.residents.lowerBound
        guard local >= 0 && local < residents.count else { return }
        residents.prefetch(local)
    }

    /// The age band of generator `g`'s next need, drawn by the band's share of its weight.
    func needBand(generator g: Int) -> Int {
        let bands = bandIndex.bands
        let weight = generators[g].weight
        let u = min(arrivalStream.uniform() * weight, weight.nextDown)
        let row = g * bands
        var band = 0
        while band < bands - 1 && !(u < bandWeights[row + band]) { band += 1 }
        return band
    }
}
