import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

extension Journey {
    /// A submitted request: stored with its coupon (valued from the coupon schedule), then screened —
    /// by the automatic rules at once, or left waiting for an officer (`MATCHING_SCREENING=officer`) —
    /// and, once eligible, placed (unless `MATCHING_PLACEMENT=rounds`: then it waits for a round).
    func submitted(_ submitted: RequestSubmitted, context: JourneyContext) async throws {
        guard !submitted.serviceAreas.isEmpty else { throw EventRejection("data.serviceAreas: must not be empty") }
        guard let province = Province.withCode(submitted.provinceCode) else {
            throw EventRejection("data.provinceCode: '\(submitted.provinceCode)' is not a Thai province code")
        }
        let coupon = configuration.coupons.coupon(for: submitted.serviceAreas)
        let inserted = try await context.connection.execute("""
            INSERT INTO matching.requests (id, reference, enterprise_id, product_type, service_areas, target_standard,
                province_code, region, fiscal_year, status, coupon_value_baht, enterprise_share_baht, programme_share_baht,
                submitted_at, updated_at, trace)
            VALUES (\(submitted.requestId), \(submitted.reference), \(submitted.enterpriseId), \(submitted.productType.rawValue),
                \(submitted.serviceAreas.map(\.rawValue)), \(submitted.targetStandard?.rawValue), \(submitted.provinceCode),
                \(province.region.rawValue), \(submitted.fiscalYear), \(RequestStatus.submitted.rawValue), \(coupon.valueBaht),
                \(coupon.enterpriseShareBaht), \(coupon.programmeShareBaht), \(submitted.submittedAt), \(context.now),
                \(context.events.trace.header))
            ON CONFLICT (id) DO NOTHING
            """)
        guard inserted == 1, var request = try await lockRequest(submitted.requestId, on: context.connection) else { return }
        switch configuration.screening {
        case .officer:
            try await advance(&request, .screeningRequired, context: context)
            try await context.emit(MatchAwaitingScreening(requestId: request.id, requestReference: request.reference,
                                                          enterpriseId: request.enterpriseID,
                                                          provinceCode: request.provinceCode, since: context.now),
                                   journey: request.id)
        case .auto:
            // The automatic rules (service areas named, a known province) held above.
            try await advance(&request, .screenedEligible, context: context)
            try await startMatching(request, context: context)
        }
    }

    /// An officer's screening decision.
    func screened(_ screening: RequestScreened, command: JourneyCommandEvent, context: JourneyContext) async throws {
        try await apply(command, request: screening.requestId, context: context) {
            var request = try await requireRequest(screening.requestId, on: context.connection)
            let reason = screening.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
            if !screening.eligible && (reason ?? "").isEmpty {
                throw JourneyRefusal(currentState: request.status.rawValue, reason: "a reason is required to screen a request as not eligible")
            }
            try await advance(&request, screening.eligible ? .screenedEligible : .screenedNotEligible, context: context)
            try await context.emit(MatchScreened(requestId: request.id, requestReference: request.reference,
                                                 enterpriseId: request.enterpriseID, eligible: screening.eligible,
                                                 reason: screening.eligible ? nil : reason, mode: .officer,
                                                 screenedBy: screening.screenedBy, screenedAt: context.now),
                                   journey: request.id)
            if screening.eligible { try await startMatching(request, context: context) }
            return nil
        }
    }

    /// An eligible request: proposed now, or left for the next allocation round.
    private func startMatching(_ request: RequestRecord, context: JourneyContext) async throws {
        guard configuration.placement == .immediate else {
            context.logger.info("request waits for an allocation round", metadata: ["request_id": "\(request.id)"])
            return
        }
        try await matchmaker.place(request, announceUnmatched: true, context: context)
    }

    /// A provider's profile (new, or changed): stored, and parked requests get another look.
    func providerRegistered(_ provider: ProviderRegistered, context: JourneyContext) async throws {
        try await context.connection.execute("""
            INSERT INTO matching.providers (id, name, kind, service_areas, product_types, standards, province_codes, regions,
                capacity, qualified, updated_at)
            VALUES (\(provider.providerId), \(provider.name), \(provider.kind.rawValue), \(provider.serviceAreas.map(\.rawValue)),
                \(provider.productTypes.map(\.rawValue)), \(provider.standards.map(\.rawValue)), \(provider.provinceCodes),
                \(provider.regions.map(\.rawValue)), \(provider.capacity), \(provider.qualified), \(provider.registeredAt))
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, service_areas = EXCLUDED.service_areas,
                product_types = EXCLUDED.product_types, standards = EXCLUDED.standards,
                province_codes = EXCLUDED.province_codes, regions = EXCLUDED.regions, capacity = EXCLUDED.capacity,
                qualified = EXCLUDED.qualified, updated_at = EXCLUDED.updated_at
            WHERE matching.providers.updated_at <= EXCLUDED.updated_at
            """)
        try await matchmaker.retryParked(Matchmaker.ParkReason.allCases, context: context)
    }
}
