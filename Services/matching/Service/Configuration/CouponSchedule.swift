import Contracts
import Domain
import Foundation

/// What a coupon is worth: a value per service area and the enterprise's co-payment share, read from
/// `Resources/coupons.json` (or `MATCHING_COUPONS_FILE`). A request gets one coupon, valued at the
/// most expensive of the service areas it asks for; the programme's regional budget carries the
/// value minus the enterprise's share.
struct CouponSchedule: Sendable, Hashable {
    var valueBaht: [ServiceArea: Int]
    var enterpriseSharePercent: Int
    /// Figures the sources do not confirm (logged at start so nobody mistakes them for policy).
    var unverified: [String]

    /// The coupon of a request asking for `areas` (at least one).
    func coupon(for areas: some Sequence<ServiceArea>) -> CouponAmounts {
        let value = areas.map { valueBaht[$0] ?? 0 }.max() ?? 0
        let enterpriseShare = value * enterpriseSharePercent / 100
        return CouponAmounts(valueBaht: value, enterpriseShareBaht: enterpriseShare, programmeShareBaht: value - enterpriseShare)
    }

    /// Why a coupon file was refused.
    struct FileError: Error, CustomStringConvertible {
        let file: String
        let problem: String
        var description: String { "\(file): \(problem)" }
    }

    private struct File: Decodable {
        struct Figure: Decodable {
            var value: Int
            var unverified: Bool?
        }
        struct Area: Decodable {
            var valueBaht: Int
            var unverified: Bool?
        }
        var enterpriseSharePercent: Figure
        var serviceAreas: [String: Area]
    }

    /// Reads and checks a coupon file: every service area priced, values positive, share 0–100 %.
    static func load(from url: URL) throws -> CouponSchedule {
        let name = url.lastPathComponent
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: try Data(contentsOf: url))
        } catch {
            throw FileError(file: name, problem: "cannot be read: \(error)")
        }
        var values: [ServiceArea: Int] = [:]
        var unverified: [String] = []
        for (key, area) in file.serviceAreas {
            guard let serviceArea = ServiceArea(rawValue: key) else {
                throw FileError(file: name, problem: "serviceAreas.\(key) is not a service area")
            }
            guard area.valueBaht > 0 else {
                throw FileError(file: name, problem: "serviceAreas.\(key).valueBaht must be positive, found \(area.valueBaht)")
            }
            values[serviceArea] = area.valueBaht
            if area.unverified == true { unverified.append("serviceAreas.\(key)") }
        }
        for area in ServiceArea.allCases where values[area] == nil {
            throw FileError(file: name, problem: "serviceAreas.\(area.rawValue) is missing")
        }
        guard (0...100).contains(file.enterpriseSharePercent.value) else {
            throw FileError(file: name, problem: "enterpriseSharePercent.value must be between 0 and 100")
        }
        if file.enterpriseSharePercent.unverified == true { unverified.append("enterpriseSharePercent") }
        return CouponSchedule(valueBaht: values, enterpriseSharePercent: file.enterpriseSharePercent.value,
                              unverified: unverified.sorted())
    }
}
