import Synchronization

/// Which provinces each of the programme's regional offices serves, read from `regions.json`
/// (docs/programme-data.md). The region codes are a closed vocabulary (``Region``: budgets, officer
/// scopes, JWT claims and the API's enums name them); their names, offices and membership are data,
/// so a deployment moves a province to another office by changing the file, not the code.
///
/// The process reads ``current``: the structure installed at start (``install(_:)``, from the
/// configured file), the bundled file until then. ``Province/region`` and ``Province/inRegion(_:)``
/// follow it.
public struct RegionalStructure: Sendable {
    /// The file's `version`.
    public let version: Int
    public let offices: [Region: RegionalOffice]
    private let regionByProvince: [String: Region]

    /// A structure of `offices`, one per region; each province in at most one of them.
    public init(_ offices: [RegionalOffice], version: Int = 0) {
        self.version = version
        self.offices = Dictionary(offices.map { ($0.region, $0) }, uniquingKeysWith: { _, last in last })
        var byProvince: [String: Region] = [:]
        for office in offices {
            for code in office.provinceCodes { byProvince[code] = office.region }
        }
        self.regionByProvince = byProvince
    }

    /// The office of `region`. A structure read from a file has one for every ``Region``.
    public subscript(region: Region) -> RegionalOffice {
        guard let office = offices[region] else { preconditionFailure("RegionalStructure has no office for \(region.rawValue)") }
        return office
    }

    /// The region whose office serves the province with ISO code `code`, `nil` for an unknown code.
    public func region(ofProvince code: String) -> Region? {
        regionByProvince[code]
    }

    /// Figures of the file no source confirms, as `region.field` (`north.provinces`), for the start-up log.
    public var unverified: [String] {
        Region.allCases.flatMap { region in (offices[region]?.unverified ?? []).map { "\(region.rawValue).\($0)" } }
    }

    // MARK: The process's structure

    private static let installed = Mutex<RegionalStructure?>(nil)

    /// A structure that replaces ``current`` for the task and its child tasks (tests that move a
    /// province without restarting a process).
    @TaskLocal public static var override: RegionalStructure?

    /// The structure this process follows: the task's ``override``, else the one installed at
    /// start, else the bundled file.
    public static var current: RegionalStructure {
        if let override { return override }
        return installed.withLock { $0 } ?? bundledDefault
    }

    /// Makes `structure` the process's (at start, from the configured file, before any request is served).
    public static func install(_ structure: RegionalStructure) {
        installed.withLock { $0 = structure }
    }

    /// The bundled `regions.json`. Its validity is checked by DomainTests; a broken bundle is a
    /// build defect, so this stops the process with the file's error.
    public static let bundledDefault: RegionalStructure = {
        do {
            return try parse(try ProgrammeFile.bundled(fileName), file: fileName)
        } catch {
            fatalError("Domain: \(error)")
        }
    }()
}
