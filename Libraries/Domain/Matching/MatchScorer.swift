/// Scores a provider for a request from the programme's criteria: need (service area) × product
/// type × target-standard competence × distance (same province > same region > elsewhere) × free
/// capacity × past outcomes. Hard limits (qualification, product type, standard, capacity) filter;
/// the rest add weighted points. Integer points keep solver inputs exact.
public struct MatchScorer: Sendable {
    /// The weights of the scored criteria (points at full marks).
    public struct Weights: Sendable, Hashable {
        public var serviceAreas = 3_000
        public var standard = 2_000
        public var sameProvince = 2_500
        public var sameRegion = 1_500
        public var elsewhere = 300
        public var capacity = 1_000
        public var pastOutcomes = 1_500
        /// Completion rate assumed for a provider without history.
        public var newProviderCompletionRate = 0.6

        public init() {}
    }

    public var weights: Weights

    public init(weights: Weights = Weights()) {
        self.weights = weights
    }

    /// The score of `provider` for `request`, or why it cannot take the request.
    public func score(_ request: RequestProfile, _ provider: ProviderProfile) -> Result<MatchScore, MatchIneligibility> {
        guard provider.qualified else { return .failure(.notQualified) }
        let covered = request.serviceAreas.intersection(provider.serviceAreas)
        guard !covered.isEmpty else { return .failure(.noServiceAreaOverlap) }
        guard provider.productTypes.contains(request.productType) else { return .failure(.productTypeNotServed) }
        if let standard = request.targetStandard, !provider.standards.contains(standard) {
            return .failure(.standardNotSupported)
        }
        guard provider.freeCapacity > 0 else { return .failure(.noFreeCapacity) }

        var criteria: [MatchCriterion] = []
        let areaPoints = weights.serviceAreas * covered.count / max(1, request.serviceAreas.count)
        criteria.append(MatchCriterion(
            criterion: "serviceAreas", weight: weights.serviceAreas, points: areaPoints,
            note: "ครอบคลุมบริการที่ขอ \(covered.count)/\(request.serviceAreas.count) ด้าน"))
        if let standard = request.targetStandard {
            criteria.append(MatchCriterion(
                criterion: "standard", weight: weights.standard, points: weights.standard,
                note: "ให้คำปรึกษามาตรฐาน \(StandardCatalogue.default[standard].nameTH) ได้"))
        }
        criteria.append(distance(request, provider))
        let headroom = weights.capacity * provider.freeCapacity / max(1, provider.capacity)
        criteria.append(MatchCriterion(
            criterion: "capacity", weight: weights.capacity, points: headroom,
            note: "รับงานได้อีก \(provider.freeCapacity) จาก \(provider.capacity) โครงการ"))
        let rate = provider.completionRate ?? weights.newProviderCompletionRate
        let outcomePoints = Int((Double(weights.pastOutcomes) * min(1, max(0, rate))).rounded())
        criteria.append(MatchCriterion(
            criterion: "pastOutcomes", weight: weights.pastOutcomes, points: outcomePoints,
            note: provider.completionRate == nil
                ? "ผู้ให้บริการรายใหม่ (ใช้ค่ากลาง)"
                : "ดำเนินโครงการสำเร็จ \(Int((rate * 100).rounded()))%"))
        return .success(MatchScore(criteria: criteria))
    }

    private func distance(_ request: RequestProfile, _ provider: ProviderProfile) -> MatchCriterion {
        let requestProvince = Province.withCode(request.provinceCode)
        let maximum = weights.sameProvince
        if provider.provinceCodes.contains(request.provinceCode) {
            return MatchCriterion(criterion: "distance", weight: maximum, points: weights.sameProvince,
                                  note: "อยู่จังหวัดเดียวกัน (\(requestProvince?.nameTH ?? request.provinceCode))")
        }
        let providerRegions = provider.regions.union(provider.provinceCodes.compactMap { Province.withCode($0)?.region })
        if let region = requestProvince?.region, providerRegions.contains(region) {
            return MatchCriterion(criterion: "distance", weight: maximum, points: weights.sameRegion,
                                  note: "ให้บริการใน\(region.nameTH)")
        }
        return MatchCriterion(criterion: "distance", weight: maximum, points: weights.elsewhere,
                              note: "อยู่นอกภูมิภาคของผู้ประกอบการ")
    }
}
