/// One of Thailand's six official regions (the grouping used in `provinces.csv` and in
/// the programme's regional coupon budgets).
public enum Region: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case north
    case northeast
    case central
    case east
    case west
    case south

    /// The region's Thai name, as officers write it in reports.
    public var nameTH: String {
        switch self {
        case .north: "ภาคเหนือ"
        case .northeast: "ภาคตะวันออกเฉียงเหนือ"
        case .central: "ภาคกลาง"
        case .east: "ภาคตะวันออก"
        case .west: "ภาคตะวันตก"
        case .south: "ภาคใต้"
        }
    }

    /// The region's English name.
    public var nameEN: String {
        switch self {
        case .north: "North"
        case .northeast: "Northeast"
        case .central: "Central"
        case .east: "East"
        case .west: "West"
        case .south: "South"
        }
    }

    public static func < (lhs: Region, rhs: Region) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
