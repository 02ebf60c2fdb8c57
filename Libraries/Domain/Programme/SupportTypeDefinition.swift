/// What the programme says of one support type (`support-types.json`).
public struct SupportTypeDefinition: Sendable, Hashable {
    public var code: SupportType
    public var nameTH: String
    public var nameEN: String
    /// A fixed value in baht; `nil` when the coupon is valued by its service areas (`coupons.json`).
    public var valueBaht: Int?
    /// How many requests of this type one provider may carry at once, apart from its projects;
    /// `nil` when they count against the provider's declared capacity (its concurrent projects).
    public var capacityPerProvider: Int?
    /// Days of work one request of this type takes (an advice visit's length); `nil` when the
    /// provider's project sets it.
    public var visitDays: Int?
    /// Fields no source confirms.
    public var unverified: [String]

    public init(code: SupportType, nameTH: String, nameEN: String, valueBaht: Int?, capacityPerProvider: Int?, visitDays: Int?,
                unverified: [String] = []) {
        self.code = code
        self.nameTH = nameTH
        self.nameEN = nameEN
        self.valueBaht = valueBaht
        self.capacityPerProvider = capacityPerProvider
        self.visitDays = visitDays
        self.unverified = unverified
    }
}
