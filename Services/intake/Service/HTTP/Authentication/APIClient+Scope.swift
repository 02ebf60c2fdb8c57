import Contracts
import Domain
import Foundation

/// What part of the programme a client may see and change: an enterprise its own data, a provider
/// its own profile, an officer scoped to a region that region's enterprises, requests and providers,
/// everyone else (unscoped officers, operators, the ministry) all of it.
extension APIClient {
    /// Whether the client is an officer limited to one region.
    var scopedRegion: Region? { role == .officer ? region : nil }

    /// Whether the client may see data located in `provinceCode` (an enterprise's or a request's province).
    func covers(provinceCode: String) -> Bool {
        guard let region = scopedRegion else { return true }
        return Province.withCode(provinceCode)?.region == region
    }

    /// Whether the client may see a provider serving `provinceCodes` and `regions` (it serves the
    /// officer's region, in whole or in one of its provinces).
    func covers(provinceCodes: [String], regions: [Region]) -> Bool {
        guard let region = scopedRegion else { return true }
        return regions.contains(region) || provinceCodes.contains { Province.withCode($0)?.region == region }
    }

    /// The ISO codes of the provinces in the client's region (`nil` when unscoped), for SQL filters.
    var scopedProvinceCodes: [String]? {
        scopedRegion.map(Province.codes(in:))
    }

    /// Whether personal data (phone, e-mail, LINE id, registration number) of `party` is shown in
    /// full: to officers, and to the party itself; masked for operators, the ministry and anyone else.
    /// The ministry reads the programme nationally to report on it; reaching a person is the regional
    /// officers' work, so it gets the data masked (PDPA's minimisation), as operators do.
    func seesPersonalData(of party: UUID) -> Bool {
        switch role {
        case .officer: true
        case .enterprise: enterpriseID == party
        case .provider: providerID == party
        case .operator, .portal, .ministry: false
        }
    }
}
