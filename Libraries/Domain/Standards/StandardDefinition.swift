/// What the tracker knows about one standard: who issues it, which products need it, the lifecycle
/// steps it goes through before it is granted, and how long it stays valid.
///
/// Facts marked *unverified* in the programme's domain notes are data here, not rules: the
/// catalogue can be replaced (see ``StandardCatalogue``).
public struct StandardDefinition: Sendable, Hashable, Codable {
    public var code: StandardCode
    public var nameTH: String
    public var nameEN: String
    public var issuer: String
    /// Product types this standard is typical for.
    public var productTypes: Set<ProductType>
    /// The review steps between `planned` and `certified`, in order, for this standard.
    public var steps: [CertificationState]
    /// Months a granted certificate stays valid; `nil` when it does not expire (e.g. an อย. number).
    public var validityMonths: Int?
    /// Whether after certification the issuer runs surveillance audits.
    public var hasSurveillance: Bool
    /// `true` when the validity period is not confirmed by an official source.
    public var validityUnverified: Bool
    /// Days before expiry when the renewal must be filed (e.g. 180 for Organic / GAP).
    public var renewalLeadDays: Int

    public init(code: StandardCode, nameTH: String, nameEN: String, issuer: String, productTypes: Set<ProductType>,
                steps: [CertificationState], validityMonths: Int?, hasSurveillance: Bool,
                validityUnverified: Bool = false, renewalLeadDays: Int = 90) {
        self.code = code
        self.nameTH = nameTH
        self.nameEN = nameEN
        self.issuer = issuer
        self.productTypes = productTypes
        self.steps = steps
        self.validityMonths = validityMonths
        self.hasSurveillance = hasSurveillance
        self.validityUnverified = validityUnverified
        self.renewalLeadDays = renewalLeadDays
    }
}
