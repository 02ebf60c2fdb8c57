/// Scores a provider for a request from the programme's criteria: need (service area) × product
/// type × target-standard competence × distance (same province > same region > elsewhere) × free
/// capacity × past outcomes (completion rate, mean rating, certificates obtained). Hard limits
/// (qualification, product type, standard, capacity) filter; the rest add weighted points. Integer
/// points keep solver inputs exact.
///
/// One computation serves every caller: ``score(_:_:)`` (with the explanation), ``total(_:_:)`` and,
/// for allocation rounds that score every request against every provider, ``total(_:_:)`` on
/// profiles prepared once (``prepare(_:)-(RequestProfile)``, ``prepare(_:)-(ProviderProfile)``).
public struct MatchScorer: Sendable {
    /// The weights of the scored criteria (points at full marks). Read from matching's
    /// configuration file; these are the defaults.
    public struct Weights: Sendable, Hashable, Codable {
        public var serviceAreas = 3_000
        public var standard = 2_000
        public var sameProvince = 2_500
        public var sameRegion = 1_500
        public var elsewhere = 300
        public var capacity = 1_000
        /// Past outcomes: completion rate, mean rating, certificates per completed assignment.
        public var completionRate = 700
        public var rating = 500
        public var certificates = 300

        public init() {}

        /// Every weight, for validating a configuration.
        public var all: [(name: String, value: Int)] {
            [("serviceAreas", serviceAreas), ("standard", standard), ("sameProvince", sameProvince),
             ("sameRegion", sameRegion), ("elsewhere", elsewhere), ("capacity", capacity),
             ("completionRate", completionRate), ("rating", rating), ("certificates", certificates)]
        }
    }

    public var weights: Weights
    public var priors: OutcomePriors

    public init(weights: Weights = Weights(), priors: OutcomePriors = OutcomePriors()) {
        self.weights = weights
        self.priors = priors
    }

    /// A request prepared for scoring against many providers.
    public struct PreparedRequest: Sendable {
        let profile: RequestProfile
        let serviceAreas: UInt8
        let productType: UInt8
        let standard: UInt16
        let region: Region?
    }

    /// A provider prepared for scoring many requests: its offer as bit sets, the regions it serves
    /// (declared, and those of its provinces) and its past-outcome points, computed once.
    public struct PreparedProvider: Sendable {
        let profile: ProviderProfile
        let serviceAreas: UInt8
        let productTypes: UInt8
        let standards: UInt16
        let regions: Set<Region>
        let completionRate: Int
        let rating: Int
        let certificates: Int
    }

    public func prepare(_ request: RequestProfile) -> PreparedRequest {
        PreparedRequest(profile: request, serviceAreas: bits(request.serviceAreas), productType: bits([request.productType]),
                        standard: request.targetStandard.map { bits([$0]) } ?? 0,
                        region: Province.withCode(request.provinceCode)?.region)
    }

    public func prepare(_ provider: ProviderProfile) -> PreparedProvider {
        let outcomes = provider.outcomes
        return PreparedProvider(
            profile: provider, serviceAreas: bits(provider.serviceAreas), productTypes: bits(provider.productTypes),
            standards: bits(provider.standards),
            regions: provider.regions.union(provider.provinceCodes.compactMap { Province.withCode($0)?.region }),
            completionRate: Int((Double(weights.completionRate) * priors.completionRate(outcomes)).rounded()),
            rating: Int((Double(weights.rating) * (priors.meanRating(outcomes) - 1) / 4).rounded()),
            certificates: Int((Double(weights.certificates) * priors.certificateRate(outcomes)).rounded()))
    }

    /// The score of `provider` for `request` with its explanation, or why it cannot take the request.
    public func score(_ request: RequestProfile, _ provider: ProviderProfile) -> Result<MatchScore, MatchIneligibility> {
        let request = prepare(request), provider = prepare(provider)
        return points(request, provider).map { MatchScore(criteria: criteria($0, request, provider)) }
    }

    /// The total alone (no explanation built). Always equal to `score(...).total`.
    public func total(_ request: RequestProfile, _ provider: ProviderProfile) -> Result<Int, MatchIneligibility> {
        total(prepare(request), prepare(provider))
    }

    /// The total of prepared profiles: what allocation rounds compute for every candidate pair.
    public func total(_ request: PreparedRequest, _ provider: PreparedProvider) -> Result<Int, MatchIneligibility> {
        points(request, provider).map(\.total)
    }

    /// The hard filters, in the order they are reported.
    public func ineligibility(_ request: RequestProfile, _ provider: ProviderProfile) -> MatchIneligibility? {
        ineligibility(prepare(request), prepare(provider))
    }

    private func ineligibility(_ request: PreparedRequest, _ provider: PreparedProvider) -> MatchIneligibility? {
        guard provider.profile.qualified else { return .notQualified }
        guard request.serviceAreas & provider.serviceAreas != 0 else { return .noServiceAreaOverlap }
        guard request.productType & provider.productTypes != 0 else { return .productTypeNotServed }
        guard request.standard & provider.standards == request.standard else { return .standardNotSupported }
        guard provider.profile.freeCapacity > 0 else { return .noFreeCapacity }
        return nil
    }

    /// The points of each criterion for an eligible pair.
    private struct Points {
        enum Distance { case sameProvince, sameRegion(Region), elsewhere }
        var covered: Int
        var serviceAreas: Int
        var standard: Int?
        var distance: Distance
        var distancePoints: Int
        var capacity: Int
        var completionRate: Int
        var rating: Int
        var certificates: Int

        var total: Int {
            serviceAreas + (standard ?? 0) + distancePoints + capacity + completionRate + rating + certificates
        }
    }

    private func points(_ request: PreparedRequest, _ provider: PreparedProvider) -> Result<Points, MatchIneligibility> {
        if let reason = ineligibility(request, provider) { return .failure(reason) }
        let covered = (request.serviceAreas & provider.serviceAreas).nonzeroBitCount
        let distance: Points.Distance, distancePoints: Int
        if provider.profile.provinceCodes.contains(request.profile.provinceCode) {
            (distance, distancePoints) = (.sameProvince, weights.sameProvince)
        } else if let region = request.region, provider.regions.contains(region) {
            (distance, distancePoints) = (.sameRegion(region), weights.sameRegion)
        } else {
            (distance, distancePoints) = (.elsewhere, weights.elsewhere)
        }
        let profile = provider.profile
        return .success(Points(
            covered: covered,
            serviceAreas: weights.serviceAreas * covered / max(1, request.serviceAreas.nonzeroBitCount),
            standard: request.profile.targetStandard == nil ? nil : weights.standard,
            distance: distance, distancePoints: distancePoints,
            capacity: weights.capacity * profile.freeCapacity / max(1, profile.capacity),
            completionRate: provider.completionRate, rating: provider.rating, certificates: provider.certificates))
    }

    private func criteria(_ points: Points, _ request: PreparedRequest, _ provider: PreparedProvider) -> [MatchCriterion] {
        let profile = provider.profile
        var criteria: [MatchCriterion] = []
        criteria.append(MatchCriterion(
            criterion: "serviceAreas", weight: weights.serviceAreas, points: points.serviceAreas,
            note: "ครอบคลุมบริการที่ขอ \(points.covered)/\(request.profile.serviceAreas.count) ด้าน"))
        if let standard = request.profile.targetStandard, let standardPoints = points.standard {
            criteria.append(MatchCriterion(
                criterion: "standard", weight: weights.standard, points: standardPoints,
                note: "ให้คำปรึกษามาตรฐาน \(StandardCatalogue.default[standard].nameTH) ได้"))
        }
        let note: String
        switch points.distance {
        case .sameProvince:
            let code = request.profile.provinceCode
            note = "อยู่จังหวัดเดียวกัน (\(Province.withCode(code)?.nameTH ?? code))"
        case .sameRegion(let region): note = "ให้บริการใน\(region.nameTH)"
        case .elsewhere: note = "อยู่นอกภูมิภาคของผู้ประกอบการ"
        }
        criteria.append(MatchCriterion(criterion: "distance", weight: weights.sameProvince,
                                       points: points.distancePoints, note: note))
        criteria.append(MatchCriterion(
            criterion: "capacity", weight: weights.capacity, points: points.capacity,
            note: "รับงานได้อีก \(profile.freeCapacity) จาก \(profile.capacity) โครงการ"))
        let outcomes = profile.outcomes
        let prior = outcomes.isNew ? " (ผู้ให้บริการรายใหม่ ใช้ค่ากลาง)" : ""
        criteria.append(MatchCriterion(
            criterion: "completionRate", weight: weights.completionRate, points: points.completionRate,
            note: "ดำเนินโครงการสำเร็จ \(outcomes.completed)/\(outcomes.finished) "
                + "(ประมาณ \(Int((priors.completionRate(outcomes) * 100).rounded()))%)\(prior)"))
        criteria.append(MatchCriterion(
            criterion: "rating", weight: weights.rating, points: points.rating,
            note: "คะแนนความพึงพอใจเฉลี่ย \(formatted(priors.meanRating(outcomes)))/5 จาก \(outcomes.ratings) ครั้ง\(prior)"))
        criteria.append(MatchCriterion(
            criterion: "certificates", weight: weights.certificates, points: points.certificates,
            note: "ผู้ประกอบการได้รับการรับรองมาตรฐาน \(outcomes.certificates) ฉบับ\(prior)"))
        return criteria
    }

    private func formatted(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// A set of enum cases as bits (by case order).
    private func bits<Value: CaseIterable & Equatable, Bits: FixedWidthInteger>(_ values: some Sequence<Value>) -> Bits {
        let all = Array(Value.allCases)
        var bits: Bits = 0
        for value in values {
            if let index = all.firstIndex(of: value) { bits |= 1 << index }
        }
        return bits
    }
}
