import Foundation

/// `GET /v1/kpis/programme`: the funnel and figures per province, region and in total.
struct IntakeProgrammeKPIs: Decodable, Sendable {
    struct Row: Decodable, Sendable {
        var region: String?
        var regionNameTH: String?
        var provinceCode: String?
        var provinceNameTH: String?
        var requestsReceived: Int
        var screenedEligible: Int
        var screenedNotEligible: Int
        var matched: Int
        var assigned: Int
        var completed: Int
        var withdrawn: Int
        var waiting: Int
        var establishmentsServed: Int
        var medianDaysToAssignment: Double?
        var medianDaysToCompletion: Double?
        var rated: Int
        var meanRating: Double?
        var incomeReported: Int
        var incomeIncreasedTenPercent: Int
        var medianIncomeChangePercent: Double?
        var couponCommittedBaht: Int?
        var couponSpentBaht: Int?
    }

    struct Provider: Decodable, Sendable {
        var providerId: UUID
        var name: String
        var kind: String
        var qualified: Bool
        var capacity: Int
        var activeAssignments: Int
        var load: Double?
        var assignments: Int
        var completed: Int
        var withdrawn: Int
        var completionRate: Double?
    }

    struct Month: Decodable, Sendable {
        var month: String
        var requestsReceived: Int
        var assigned: Int
        var completed: Int
    }

    var fiscalYear: Int
    var region: String?
    var from: String
    var until: String
    var asOf: String
    var byProvince: [Row]
    var byRegion: [Row]
    var total: Row
    var providers: [Provider]
    var byMonth: [Month]?
}

/// `GET /v1/kpis/certificates`.
struct IntakeCertificateKPIs: Decodable, Sendable {
    struct Row: Decodable, Sendable {
        var standard: String?
        var standardNameTH: String?
        var region: String?
        var provinceCode: String?
        var provinceNameTH: String?
        var obtained: Int
        var renewals: Int
        var medianDaysToCertificate: Double?
        var expiringWithin90Days: Int
    }

    var fiscalYear: Int
    var byStandard: [Row]
    var byRegion: [Row]
    var total: Row
}
