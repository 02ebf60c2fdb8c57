/// One of the programme's regions, each with a regional office and a coupon budget per fiscal
/// year. The codes are a closed vocabulary (budgets, officer scopes, JWT claims, events and the
/// API's enums name them); which provinces each region's office serves, and its names, are data
/// (`regions.json`, ``RegionalStructure``). The six codes are those of Thailand's official
/// six-region grouping, which `provinces.csv` also records (``Province/geographicRegion``).
public enum Region: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case north
    case northeast
    case central
    case east
    case west
    case south

    /// The region's Thai name, as officers write it in reports (`regions.json`).
    public var nameTH: String { RegionalStructure.current[self].nameTH }

    /// The region's English name (`regions.json`).
    public var nameEN: String { RegionalStructure.current[self].nameEN }

    public static func < (lhs: Region, rhs: Region) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
