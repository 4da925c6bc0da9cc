import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// The city half of a scenario (DESIGN §1): the synthetic city, what its residents need, the
/// back office that handles it, the shocks that stress it and the strategies that organise it.
/// A scenario without a city has channels fed only by their external arrivals.
///
/// Every figure from the world is a parameter here, set in the scenario file with its source.
public struct CityModel: Sendable, Codable, Equatable {
    /// The districts to generate the city from.
    public var districts: [DistrictSpec]
    /// How the districts are cut into streets, communities and grid cells.
    public var layout: CityLayout
    /// The age bands residents belong to (their shares are per district).
    public var ageBands: [AgeBandSpec]
    /// Hazard sites and sensors.
    public var sites: SiteSpec
    /// The kinds of need and hazard that become cases.
    public var caseTypes: [CaseTypeSpec]
    /// Back-office departments.
    public var departments: [DepartmentSpec]
    /// The command centre that registers and routes work orders.
    public var commandCentre: CommandCentreSpec
    /// Grid workers.
    public var grid: GridSpec
    /// How residents choose, wait, retry and trust.
    public var behaviour: BehaviourSpec
    /// The stress timeline.
    public var shocks: [ShockSpec]
    /// The strategy switches (DESIGN §2).
    public var strategies: Strategies
    /// Surge rules: reserve staff called in by a warning or by long waits.
    public var surge: [SurgeRule]

    /// Creates a city model.
    public init(
        districts: [DistrictSpec], layout: CityLayout, ageBands: [AgeBandSpec], sites: SiteSpec,
        caseTypes: [CaseTypeSpec], departments: [DepartmentSpec], commandCentre: CommandCentreSpec,
        grid: GridSpec, behaviour: BehaviourSpec, shocks: [ShockSpec] = [],
        strategies: Strategies = Strategies(), surge: [SurgeRule] = []
    ) {
        self.districts = districts
        self.layout = layout
        self.ageBands = ageBands
        self.sites = sites
        self.caseTypes = caseTypes
        self.departments = departments
        self.commandCentre = commandCentre
        self.grid = grid
        self.behaviour = behaviour
        self.shocks = shocks
        self.strategies = strategies
        self.surge = surge
    }
}

/// One district of the seed data.
public struct DistrictSpec: Sendable, Codable, Equatable {
    /// The district's name (fills the `scope` column of `timeseries.csv`).
    public var name: String
    /// Residents (before `scale`).
    public var residents: Int
    /// The share of residents in each age band, in `CityModel.ageBands` order; sums to 1.
    public var ageShares: [Double]
    /// Exposure to storms (1 = average): weights where a shock's burst of hazards lands.
    public var exposure: Double

    /// Creates a district.
    public init(name: String, residents: Int, ageShares: [Double], exposure: Double = 1) {
        self.name = name
        self.residents = residents
        self.ageShares = ageShares
        self.exposure = exposure
    }
}

/// How districts are cut into streets, communities and cells, and into engine partitions.
public struct CityLayout: Sendable, Codable, Equatable {
    /// Population factor applied to every district (and to staff sized per resident or per cell).
    public var scale: Double
    /// Residents per grid cell (Chinese practice: 1,000–1,500; FACTS.md).
    public var residentsPerCell: Int
    /// Cells per community.
    public var cellsPerCommunity: Int
    /// Communities per street.
    public var communitiesPerStreet: Int
    /// Partitions of the city for the engine: fixed by the scenario, never by the thread count.
    public var partitions: Int
    /// The safety staffing β by which city-wide and district headcounts follow `scale`: square-root
    /// staffing, c = R + β√R (see `ShiftSchedule.scaled(by:safety:)`); 0 scales them linearly.
    public var staffingBeta: Double = 0.5

    /// Creates a layout.
    public init(
        scale: Double = 1, residentsPerCell: Int = 1_200, cellsPerCommunity: Int = 20,
        communitiesPerStreet: Int = 9, partitions: Int = 16
    ) {
        self.scale = scale
        self.residentsPerCell = residentsPerCell
        self.cellsPerCommunity = cellsPerCommunity
        self.communitiesPerStreet = communitiesPerStreet
        self.partitions = partitions
    }
}

/// An age band: its name and what it means for behaviour.
public struct AgeBandSpec: Sendable, Codable, Equatable {
    /// The band's name (`child`, `adult`, `senior`).
    public var name: String
    /// Mean digital literacy, 0–1; each resident's is drawn around it.
    public var literacy: Double
    /// Multiplies the channel's patience for residents of this band.
    public var patienceFactor: Double
    /// Added to a channel's utility by channel kind (logit units).
    public var channelPreference: [ChannelKind: Double]

    /// Creates an age band.
    public init(
        name: String, literacy: Double, patienceFactor: Double = 1,
        channelPreference: [ChannelKind: Double] = [:]
    ) {
        self.name = name
        self.literacy = literacy
        self.patienceFactor = patienceFactor
        self.channelPreference = channelPreference
    }

    /// Encodes the band as the synthesised coding would, but with `channelPreference`'s pairs in
    /// `ChannelKind`'s order rather than the dictionary's, which changes from process to process
    /// (Swift seeds its hashing per process): the manifest's resolved scenario then reads the same
    /// in every run.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(literacy, forKey: .literacy)
        try container.encode(patienceFactor, forKey: .patienceFactor)
        var pairs = container.nestedUnkeyedContainer(forKey: .channelPreference)
        for kind in ChannelKind.allCases {
            guard let preference = channelPreference[kind] else { continue }
            try pairs.encode(kind)
            try pairs.encode(preference)
        }
    }
}

/// Hazard sites per cell and the sensors that watch them.
public struct SiteSpec: Sendable, Codable, Equatable {
    /// Hazard sites (rental buildings, small venues, slopes, trees, drains) per grid cell.
    public var perCell: Int
    /// The share of sites a sensor (video, IoT) watches.
    public var sensorCoverage: Double
    /// How fast a sensor notices a hazard at a watched site (per second).
    public var sensorDetectionRate: Double

    /// Creates a site specification.
    public init(perCell: Int, sensorCoverage: Double, sensorDetectionRate: Double) {
        self.perCell = perCell
        self.sensorCoverage = sensorCoverage
        self.sensorDetectionRate = sensorDetectionRate
    }
}
