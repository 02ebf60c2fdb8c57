/// Scores a provider for a request from the programme's criteria: need (service area) × product
/// type × target-standard competence × distance (same province > same region > elsewhere) × free
/// capacity × past outcomes (completion rate, mean rating, certificates obtained). Hard limits
/// (qualification, product type, standard, capacity) filter; the rest add weighted points. Integer
/// points keep solver inputs exact.
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

    /// The score of `provider` for `request` with its explanation, or why it cannot take the request.
    public func score(_ request: RequestProfile, _ provider: ProviderProfile) -> Result<MatchScore, MatchIneligibility> {
        if let reason = ineligibility(request, provider) { return .failure(reason) }
        return .success(MatchScore(criteria: criteria(request, provider)))
    }

    /// The total alone (no explanation built): what allocation rounds use for every candidate pair.
    /// Always equal to `score(...).total`.
    public func total(_ request: RequestProfile, _ provider: ProviderProfile) -> Result<Int, MatchIneligibility> {
        if let reason = ineligibility(request, provider) { return .failure(reason) }
        let points = Points(scorer: self, request: request, provider: provider)
        return .success(points.serviceAreas + (points.standard ?? 0) + points.distance.points + points.capacity
                        + points.completionRate + points.rating + points.certificates)
    }

    /// The hard filters, in the order they are reported.
    public func ineligibility(_ request: RequestProfile, _ provider: ProviderProfile) -> MatchIneligibility? {
        guard provider.qualified else { return .notQualified }
        guard !request.serviceAreas.isDisjoint(with: provider.serviceAreas) else { return .noServiceAreaOverlap }
        guard provider.productTypes.contains(request.productType) else { return .productTypeNotServed }
        if let standard = request.targetStandard, !provider.standards.contains(standard) { return .standardNotSupported }
        guard provider.freeCapacity > 0 else { return .noFreeCapacity }
        return nil
    }

    /// The points of each criterion for an eligible pair (one computation shared by `score` and `total`).
    struct Points {
        enum Distance { case sameProvince, sameRegion(Region), elsewhere }
        var covered: Int
        var serviceAreas: Int
        var standard: Int?
        var distance: (kind: Distance, points: Int)
        var capacity: Int
        var completionRate: Int
        var rating: Int
        var certificates: Int

        init(scorer: MatchScorer, request: RequestProfile, provider: ProviderProfile) {
            let weights = scorer.weights, priors = scorer.priors
            covered = request.serviceAreas.intersection(provider.serviceAreas).count
            serviceAreas = weights.serviceAreas * covered / max(1, request.serviceAreas.count)
            standard = request.targetStandard == nil ? nil : weights.standard
            if provider.provinceCodes.contains(request.provinceCode) {
                distance = (.sameProvince, weights.sameProvince)
            } else if let region = Province.withCode(request.provinceCode)?.region,
                      provider.regions.contains(region)
                        || provider.provinceCodes.contains(where: { Province.withCode($0)?.region == region }) {
                distance = (.sameRegion(region), weights.sameRegion)
            } else {
                distance = (.elsewhere, weights.elsewhere)
            }
            capacity = weights.capacity * provider.freeCapacity / max(1, provider.capacity)
            let outcomes = provider.outcomes
            completionRate = Int((Double(weights.completionRate) * priors.completionRate(outcomes)).rounded())
            rating = Int((Double(weights.rating) * (priors.meanRating(outcomes) - 1) / 4).rounded())
            certificates = Int((Double(weights.certificates) * priors.certificateRate(outcomes)).rounded())
        }
    }

    private func criteria(_ request: RequestProfile, _ provider: ProviderProfile) -> [MatchCriterion] {
        let points = Points(scorer: self, request: request, provider: provider)
        var criteria: [MatchCriterion] = []
        criteria.append(MatchCriterion(
            criterion: "serviceAreas", weight: weights.serviceAreas, points: points.serviceAreas,
            note: "ครอบคลุมบริการที่ขอ \(points.covered)/\(request.serviceAreas.count) ด้าน"))
        if let standard = request.targetStandard, let standardPoints = points.standard {
            criteria.append(MatchCriterion(
                criterion: "standard", weight: weights.standard, points: standardPoints,
                note: "ให้คำปรึกษามาตรฐาน \(StandardCatalogue.default[standard].nameTH) ได้"))
        }
        let note: String
        switch points.distance.kind {
        case .sameProvince:
            note = "อยู่จังหวัดเดียวกัน (\(Province.withCode(request.provinceCode)?.nameTH ?? request.provinceCode))"
        case .sameRegion(let region): note = "ให้บริการใน\(region.nameTH)"
        case .elsewhere: note = "อยู่นอกภูมิภาคของผู้ประกอบการ"
        }
        criteria.append(MatchCriterion(criterion: "distance", weight: weights.sameProvince,
                                       points: points.distance.points, note: note))
        criteria.append(MatchCriterion(
            criterion: "capacity", weight: weights.capacity, points: points.capacity,
            note: "รับงานได้อีก \(provider.freeCapacity) จาก \(provider.capacity) โครงการ"))
        let outcomes = provider.outcomes
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
}
