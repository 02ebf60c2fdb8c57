import Domain
import Foundation
import ServiceRuntime

/// When a request gets its first proposal.
enum PlacementMode: String, Sendable, CaseIterable {
    /// As soon as it is eligible (screened), request by request.
    case immediate
    /// Only in an allocation round an officer starts; eligible requests wait in `matching`.
    case rounds
}

/// What a region's budget is in a fiscal year no officer has set one for yet.
enum UnsetBudgetPolicy: String, Sendable, CaseIterable {
    /// Not limited (like a region without a budget entry in an allocation round); coupons are still
    /// recorded and count against the budget once it is set.
    case unlimited
    /// Empty: nothing is proposed in the region until an officer sets its budget.
    case closed
}

/// Matching's own settings (docs/configuration.md, "matching").
struct MatchingConfiguration: Sendable {
    /// `MATCHING_SCREENING`: who screens submitted requests.
    var screening: ScreeningMode = .auto
    /// `MATCHING_PLACEMENT`.
    var placement: PlacementMode = .immediate
    /// `MATCHING_RESPONSE_WINDOW_SECONDS`: how long a provider has to answer a proposal.
    var responseWindow: TimeInterval = 3 * 24 * 3600
    /// `MATCHING_PARALLEL_PROPOSALS`: providers offered a request at the same time (the first to
    /// accept wins, the others are withdrawn).
    var parallelProposals = 1
    /// `MATCHING_UNSET_BUDGET`.
    var unsetBudget: UnsetBudgetPolicy = .unlimited
    /// `MATCHING_ROUND_CANDIDATES`: best-scoring providers per request in a round's instance.
    var roundCandidates = 20
    /// `MATCHING_RETRY_LIMIT`: parked requests retried (oldest first) when a provider registers or
    /// capacity or budget is freed.
    var retryLimit = 100
    /// The programme's coupon values, co-payment and caps (Domain's `coupons.json`, or the
    /// deployment's in `PROGRAMME_DATA_DIR`; `MATCHING_COUPONS_FILE`, the older setting, still wins).
    var coupons: CouponRules
    var scorer: MatchScorer

    init(coupons: CouponRules, scorer: MatchScorer) {
        self.coupons = coupons
        self.scorer = scorer
    }

    /// Reads the settings; a bad value names its variable (the service stops with status 78).
    /// `programme` is the programme's data the host loaded.
    init(environment: EnvironmentReader, programme: ProgrammeData) throws {
        var coupons = programme.coupons
        if let path = environment.optional("MATCHING_COUPONS_FILE") {
            do {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ProgrammeFileError(file: path, problem: "cannot be read")
                }
                coupons = try CouponRules.parse(data, file: path)
            } catch {
                throw ConfigurationError(variable: "MATCHING_COUPONS_FILE", problem: "names a file that is not valid: \(error)")
            }
        }
        let scoringFile = environment.optional("MATCHING_SCORING_FILE").map { URL(fileURLWithPath: $0) } ?? Self.bundled("scoring")
        let scorer: MatchScorer
        do { scorer = try ScoringConfiguration.load(from: scoringFile) } catch {
            throw ConfigurationError(variable: "MATCHING_SCORING_FILE", problem: "names a file that is not valid: \(error)")
        }
        self.init(coupons: coupons, scorer: scorer)
        screening = try environment.oneOf("MATCHING_SCREENING", default: ScreeningMode.auto)
        placement = try environment.oneOf("MATCHING_PLACEMENT", default: PlacementMode.immediate)
        responseWindow = TimeInterval(try environment.int("MATCHING_RESPONSE_WINDOW_SECONDS", default: 3 * 24 * 3600,
                                                          in: 1...(90 * 24 * 3600)))
        parallelProposals = try environment.int("MATCHING_PARALLEL_PROPOSALS", default: 1, in: 1...5)
        unsetBudget = try environment.oneOf("MATCHING_UNSET_BUDGET", default: UnsetBudgetPolicy.unlimited)
        roundCandidates = try environment.int("MATCHING_ROUND_CANDIDATES", default: 20, in: 1...500)
        retryLimit = try environment.int("MATCHING_RETRY_LIMIT", default: 100, in: 0...10_000)
    }

    /// The bundled defaults (`Resources/<name>.json`).
    static func bundled(_ name: String) -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json") else {
            fatalError("matching: \(name).json is missing from the resource bundle")
        }
        return url
    }

    /// The bundled coupon rules and scorer, for tests and tools.
    static func bundledDefaults() throws -> MatchingConfiguration {
        MatchingConfiguration(coupons: .bundledDefault, scorer: try ScoringConfiguration.load(from: bundled("scoring")))
    }
}
