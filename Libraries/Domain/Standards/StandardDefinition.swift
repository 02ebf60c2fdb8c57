/// What the tracker knows about one standard: who issues it, which products need it, the lifecycle
/// steps it goes through before it is granted, how long it stays valid, how often the issuer audits
/// it, and when its renewal falls due. Read from the catalogue file (see ``StandardCatalogue``);
/// the facts no source confirms are named in ``unconfirmed``.
public struct StandardDefinition: Sendable, Hashable {
    public var code: StandardCode
    public var nameTH: String
    public var nameEN: String
    /// The issuing body, in Thai.
    public var issuerTH: String
    /// The issuing body, in English.
    public var issuerEN: String
    /// Whether one certificate covers a product or the enterprise's premises.
    public var scope: StandardScope
    /// Product types this standard is typical for.
    public var productTypes: Set<ProductType>
    /// The review steps between `planned` and `certified`, in order, for this standard.
    public var steps: [CertificationState]
    /// Months a granted certificate stays valid; `nil` when it does not expire (e.g. an อย. number).
    public var validityMonths: Int?
    /// Months between the issuer's surveillance audits; `nil` when there are none.
    public var surveillanceMonths: Int?
    /// The renewal must be filed at least this many days before expiry; on that day the certificate
    /// moves to `renewalDue`. `nil` when the certificate does not expire.
    public var renewalLeadDays: Int?
    /// Facts no source confirms (overridable by configuration).
    public var unconfirmed: Set<StandardFact>

    public init(code: StandardCode, nameTH: String, nameEN: String, issuerTH: String, issuerEN: String,
                scope: StandardScope, productTypes: Set<ProductType>, steps: [CertificationState], validityMonths: Int?,
                surveillanceMonths: Int?, renewalLeadDays: Int?, unconfirmed: Set<StandardFact> = []) {
        self.code = code
        self.nameTH = nameTH
        self.nameEN = nameEN
        self.issuerTH = issuerTH
        self.issuerEN = issuerEN
        self.scope = scope
        self.productTypes = productTypes
        self.steps = steps
        self.validityMonths = validityMonths
        self.surveillanceMonths = surveillanceMonths
        self.renewalLeadDays = renewalLeadDays
        self.unconfirmed = unconfirmed
    }

    /// Whether after certification the issuer runs surveillance audits.
    public var hasSurveillance: Bool { surveillanceMonths != nil }

    /// Whether a granted certificate expires.
    public var expires: Bool { validityMonths != nil }
}
