import Foundation
import GovLoadTestSupport
import Testing

@testable import GovLoadEngine
@testable import GovLoadModel
@testable import GovLoadScenario

/// Residents by age band: each partition stores them band by band inside each cell, and a need
/// draws its resident straight from the band whose rate it follows (issue 19).
@Suite("Residents by age band")
struct ResidentBandTests {
    /// The small validation city's partitions, built for replication 0.
    static func partitions() throws -> (CityPlan, [Partition]) {
        let loaded = try ScenarioLoader.load(path: TestSupport.path("scenarios/validation/small-city.yaml"))
        let model = try #require(loaded.scenario.city)
        let plan = CityPlan(scenario: loaded.scenario, model: model)
        let partitions = plan.city.partitions.indices.map {
            Partition(plan: plan, index: $0, seed: 7, replication: 0)
        }
        return (plan, partitions)
    }

    @Test("the k-th resident of a band in a segment is that band's, in its cell, each exactly once")
    func bandIndexIsABijection() throws {
        let (plan, partitions) = try Self.partitions()
        let starts = plan.city.cellResidents
        for partition in partitions {
            let index = partition.bandIndex
            for segment in partition.segments {
                var seen = Set<Int>()
                for band in 0..<index.bands {
                    let count = index.count(band: band, in: segment.cells)
                    let expected = segment.residents.filter {
                        Int(partition.residents[$0 - partition.layout.residents.lowerBound].band) == band
                    }
                    #expect(count == expected.count)
                    for k in 0..<count {
                        let (resident, cell) = index.resident(
                            k, band: band, in: segment.cells, cellResidents: starts)
                        #expect(resident == expected[k])
                        #expect(segment.cells.contains(cell))
                        #expect(Int(starts[cell]) <= resident && resident < Int(starts[cell + 1]))
                        seen.insert(resident)
                    }
                }
                #expect(seen.count == segment.residents.count)
            }
        }
    }

    @Test("the cell holding a band's k-th resident, however unevenly the band is spread")
    func cellSearchOnSkewedCounts() {
        // Bands piled into one end, spread evenly, with empty cells between: the guess is far
        // off in the first and the search must take over; every answer checked by brute force.
        let layouts: [[UInt32]] = [
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 50], [50, 0, 0, 0, 0, 0, 0, 0, 0, 0], [5, 5, 5, 5, 5, 5],
            [0, 3, 0, 0, 7, 1, 0, 0, 0, 0, 12, 0, 2], [1],
        ]
        for counts in layouts {
            var before: [UInt32] = [0]
            for count in counts { before.append(before[before.count - 1] + count) }
            let index = Partition.BandIndex(bands: 1, firstCell: 0, before: before)
            for low in 0..<counts.count {
                for high in (low + 1)...counts.count {
                    let base = Int(before[low])
                    for target in base..<Int(before[high]) {
                        let expected = (low..<high).last { Int(before[$0]) <= target }
                        #expect(index.cell(holding: target, band: 0, low: low, high: high) == expected)
                    }
                }
            }
        }
    }

    @Test("a generator's weight is its segment's residents times their bands' rates")
    func generatorWeights() throws {
        let (plan, partitions) = try Self.partitions()
        var checked = 0
        for partition in partitions {
            for (g, generator) in partition.generators.enumerated() {
                let type = plan.model.caseTypes[generator.type]
                let segment = partition.segments[generator.segment]
                var expected = 0.0
                for resident in segment.residents {
                    let band = Int(partition.residents[resident - partition.layout.residents.lowerBound].band)
                    expected += band < type.rates.count ? type.rates[band] : 0
                }
                #expect(abs(generator.weight - expected) <= 1e-9 * expected)
                let bands = partition.bandIndex.bands
                #expect(partition.bandWeights[g * bands + bands - 1] == generator.weight)
                checked += 1
            }
        }
        #expect(checked > 0)
    }

    @Test("needs pick bands in proportion to the bands' weights (χ² over 200,000 draws)")
    func needBandsFollowWeights() throws {
        let (_, partitions) = try Self.partitions()
        let partition = try #require(partitions.first)
        let bands = partition.bandIndex.bands
        let g = try #require(partition.generators.indices.first)
        var counts = [Double](repeating: 0, count: bands)
        let draws = 200_000
        for _ in 0..<draws { counts[partition.needBand(generator: g)] += 1 }
        var statistic = 0.0
        var previous = 0.0
        var cells = 0
        for band in 0..<bands {
            let cumulative = partition.bandWeights[g * bands + band]
            let expected = Double(draws) * (cumulative - previous) / partition.generators[g].weight
            previous = cumulative
            if expected == 0 {
                #expect(counts[band] == 0)
                continue
            }
            statistic += (counts[band] - expected) * (counts[band] - expected) / expected
            cells += 1
        }
        // The 99.9 % point of χ² with (cells − 1) ≤ 2 degrees of freedom is at most 13.82.
        #expect(cells >= 2)
        #expect(statistic < 13.82)
    }

    /// A band's channel preferences are a dictionary, whose order Swift seeds anew in every
    /// process: the manifest's resolved scenario must list them in `ChannelKind`'s order instead,
    /// so that two runs of one scenario write the same scenario, and read it back unchanged.
    @Test("a band's channel preferences are written in ChannelKind's order and read back whole")
    func channelPreferencesEncodeInOrder() throws {
        let band = AgeBandSpec(
            name: "senior", literacy: 0.3, patienceFactor: 1.5,
            channelPreference: [.terminal: -1, .center: 1, .online: -1.5, .hotline: 0.5])
        let data = try JSONEncoder().encode(band)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let pairs = try #require(object["channelPreference"] as? [Any])
        let kinds = stride(from: 0, to: pairs.count, by: 2).compactMap { pairs[$0] as? String }
        // ChannelKind's order: online, terminal, center, (hall,) hotline.
        #expect(kinds == ["online", "terminal", "center", "hotline"])
        #expect(try JSONDecoder().decode(AgeBandSpec.self, from: data) == band)
    }
}
