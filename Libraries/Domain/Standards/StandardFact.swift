/// The facts the catalogue file states about a standard, by their field names in the file. Facts
/// no source confirms are listed as unconfirmed and may be overridden by configuration.
public enum StandardFact: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case nameTH
    case nameEN
    case issuerTH
    case issuerEN
    case scope
    case productTypes
    case steps
    case validityMonths
    case surveillanceMonths
    case renewalLeadDays

    public static func < (lhs: StandardFact, rhs: StandardFact) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
