/// The product standards and licences an OTOP producer can hold, as the certification tracker
/// knows them. The raw value is the wire form used in events and the API.
public enum StandardCode: String, Sendable, Hashable, Codable, CaseIterable {
    /// อย. food serial number (เลขสารบบอาหาร, 13 digits), Thai FDA.
    case fdaFoodSerial
    /// อ.2 food factory licence, Thai FDA; renews every 3 years.
    case fdaFactoryLicence
    /// Primary GMP / GMP (MoPH notification 420), Thai FDA.
    case gmp
    /// GHPs / HACCP, accredited certification bodies.
    case ghpHaccp
    /// มผช. Thai Community Product Standard (TCPS), TISI via provincial industry offices.
    case tcps
    /// มอก. Thai Industrial Standard, TISI.
    case tis
    /// Halal, the Central Islamic Council of Thailand (CICOT).
    case halal
    /// Organic Thailand, Department of Agriculture / ACFS.
    case organic
    /// GAP (Good Agricultural Practice), Department of Agriculture / ACFS.
    case gap
    /// Cosmetic notification / herbal product licence, Thai FDA.
    case herbalLicence
}
