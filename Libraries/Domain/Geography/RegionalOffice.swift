/// One of the programme's regional offices as `regions.json` describes it: its region's names, the
/// office that runs the programme there, and the provinces it serves. Officers scoped to the
/// region, its coupon budget and its KPIs cover exactly these provinces.
public struct RegionalOffice: Sendable, Hashable {
    public var region: Region
    /// The region's name as officers write it in reports (`ภาคเหนือ`).
    public var nameTH: String
    public var nameEN: String
    /// The office or network that delivers the programme in the region.
    public var officeTH: String
    public var officeEN: String
    /// ISO codes of the provinces served, in the file's order.
    public var provinceCodes: [String]
    /// Fields no source confirms (`provinces`, `officeTH` ...).
    public var unverified: [String]

    public init(region: Region, nameTH: String, nameEN: String, officeTH: String, officeEN: String, provinceCodes: [String],
                unverified: [String] = []) {
        self.region = region
        self.nameTH = nameTH
        self.nameEN = nameEN
        self.officeTH = officeTH
        self.officeEN = officeEN
        self.provinceCodes = provinceCodes
        self.unverified = unverified
    }
}
