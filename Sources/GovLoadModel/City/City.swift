import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// The synthetic city's structure, generated from the seed data without randomness:
/// districts → streets → communities → grid cells, each district's residents spread evenly over
/// its cells, and the cells cut into the engine's partitions along street boundaries (so that a
/// street's community centres, which serve each other's residents under 通办, share a partition).
///
/// Residents' attributes are drawn per replication by the partitions that own them.
public struct City: Sendable {
    /// One district as generated.
    public struct District: Sendable {
        /// Its name.
        public var name: String
        /// Residents after `scale`.
        public var residents: Int
        /// Its cells, communities and streets (global index ranges).
        public var cells: Range<Int>
        /// Its communities.
        public var communities: Range<Int>
        /// Its streets.
        public var streets: Range<Int>
    }

    /// A contiguous run of whole streets owned by one partition.
    public struct Partition: Sendable {
        /// Its streets, communities, cells and residents (global index ranges).
        public var streets: Range<Int>
        /// Its communities.
        public var communities: Range<Int>
        /// Its cells.
        public var cells: Range<Int>
        /// Its residents.
        public var residents: Range<Int>
    }

    /// The districts, in seed order.
    public let districts: [District]
    /// The partitions, in order.
    public let partitions: [Partition]
    /// The district of each cell.
    public let cellDistrict: [UInt16]
    /// The community of each cell.
    public let cellCommunity: [UInt32]
    /// The first resident of each cell; one more entry than cells (the total).
    public let cellResidents: [UInt32]
    /// The first cell of each community; one more entry than communities.
    public let communityCells: [UInt32]
    /// The street of each community.
    public let communityStreet: [UInt32]
    /// The first community of each street; one more entry than streets.
    public let streetCommunities: [UInt32]
    /// The partition of each cell.
    public let cellPartition: [UInt16]

    /// The number of residents.
    public var residentCount: Int { Int(cellResidents.last ?? 0) }
    /// The number of grid cells.
    public var cellCount: Int { cellDistrict.count }
    /// The number of communities.
    public var communityCount: Int { communityStreet.count }
    /// The number of streets.
    public var streetCount: Int { streetCommunities.count - 1 }

    /// How many residents, cells, communities and streets a district has after `scale`: residents
    /// per cell rounded to whole cells, cells and communities grouped upwards. Cheap: the
    /// resource estimate asks before any city is built.
    public static func shape(of spec: DistrictSpec, _ layout: CityLayout) -> (
        residents: Int, cells: Int, communities: Int, streets: Int
    ) {
        let residents = max(1, Int((Double(spec.residents) * layout.scale).rounded()))
        let cells = max(1, (residents + layout.residentsPerCell / 2) / layout.residentsPerCell)
        let communities = (cells + layout.cellsPerCommunity - 1) / layout.cellsPerCommunity
        let streets = (communities + layout.communitiesPerStreet - 1) / layout.communitiesPerStreet
        return (residents, cells, communities, streets)
    }

    /// Generates the structure of `model`'s city.
    public init(_ model: CityModel) {
        let layout = model.layout
        var districts: [District] = []
        var cellDistrict: [UInt16] = []
        var cellCommunity: [UInt32] = []
        var cellResidents: [UInt32] = [0]
        var communityCells: [UInt32] = [0]
        var communityStreet: [UInt32] = []
        var streetCommunities: [UInt32] = [0]
        for (index, spec) in model.districts.enumerated() {
            let (residents, cells, communities, streets) = Self.shape(of: spec, layout)
            let firstCell = cellDistrict.count
            let firstCommunity = communityStreet.count
            let firstStreet = streetCommunities.count - 1
            var placed = 0
            for cell in 0..<cells {
                // Residents spread evenly: cell k holds ⌊(k+1)·R/C⌋ − ⌊k·R/C⌋.
                let upTo = (cell + 1) * residents / cells
                cellResidents.append(cellResidents[cellResidents.count - 1] + UInt32(upTo - placed))
                placed = upTo
                cellDistrict.append(UInt16(index))
                // Cells are dealt to communities evenly too.
                cellCommunity.append(UInt32(firstCommunity + cell * communities / cells))
            }
            for community in 0..<communities {
                communityStreet.append(UInt32(firstStreet + community * streets / communities))
            }
            districts.append(
                District(
                    name: spec.name, residents: residents, cells: firstCell..<cellDistrict.count,
                    communities: firstCommunity..<communityStreet.count,
                    streets: firstStreet..<(firstStreet + streets)))
            for street in 0..<streets {
                let end =
                    (0..<communities).firstIndex {
                        firstStreet + $0 * streets / communities > firstStreet + street
                    }
                    ?? communities
                streetCommunities.append(UInt32(firstCommunity + end))
            }
        }
        // The first cell of each community, from the cells' communities.
        var first = [UInt32](repeating: UInt32(cellDistrict.count), count: communityStreet.count + 1)
        for cell in stride(from: cellCommunity.count - 1, through: 0, by: -1) {
            first[Int(cellCommunity[cell])] = UInt32(cell)
        }
        communityCells = first
        let (partitions, cellPartition) = Self.partitions(
            count: layout.partitions, streetCommunities: streetCommunities, communityCells: communityCells,
            cellResidents: cellResidents)
        self.districts = districts
        self.partitions = partitions
        self.cellDistrict = cellDistrict
        self.cellCommunity = cellCommunity
        self.cellResidents = cellResidents
        self.communityCells = communityCells
        self.communityStreet = communityStreet
        self.streetCommunities = streetCommunities
        self.cellPartition = cellPartition
    }

    /// The partitions: whole streets, cut where the running resident count crosses k/P of the
    /// total (at least one street each), and each cell's partition.
    static func partitions(
        count: Int, streetCommunities: [UInt32], communityCells: [UInt32], cellResidents: [UInt32]
    ) -> ([Partition], [UInt16]) {
        let cellCount = cellResidents.count - 1
        let streetCount = streetCommunities.count - 1
        let partitionCount = max(1, min(count, streetCount))
        let total = Int(cellResidents[cellResidents.count - 1])
        var partitions: [Partition] = []
        var cellPartition = [UInt16](repeating: 0, count: cellCount)
        var street = 0
        for index in 0..<partitionCount {
            let firstStreet = street
            let target = (index + 1) * total / partitionCount
            // Leave at least one street for each later partition.
            while street < streetCount - (partitionCount - index - 1) {
                let community = Int(streetCommunities[street + 1])
                let cell = Int(communityCells[community])
                street += 1
                if Int(cellResidents[cell]) >= target { break }
            }
            if index == partitionCount - 1 { street = streetCount }
            let communities = Int(streetCommunities[firstStreet])..<Int(streetCommunities[street])
            let cells =
                Int(communityCells[communities.lowerBound])..<Int(communityCells[communities.upperBound])
            for cell in cells { cellPartition[cell] = UInt16(index) }
            partitions.append(
                Partition(
                    streets: firstStreet..<street, communities: communities, cells: cells,
                    residents: Int(cellResidents[cells.lowerBound])..<Int(cellResidents[cells.upperBound])))
        }
        return (partitions, cellPartition)
    }
}
