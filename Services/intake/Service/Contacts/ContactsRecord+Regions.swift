import Contracts
import Domain

extension ContactsRecord {
    /// The regions the party belongs to: an enterprise's province's, the regions a provider serves
    /// (whole or in one of their provinces), an officers' office's own (the access log's scope).
    var regions: [Region] {
        switch partyKind {
        case .enterprise:
            return provinceCode.flatMap(Province.withCode).map { [$0.region] } ?? []
        case .provider:
            guard let provider else { return [] }
            let served = Set(provider.regions + provider.provinceCodes.compactMap { Province.withCode($0)?.region })
            return Region.allCases.filter(served.contains)
        case .officer:
            return region.map { [$0] } ?? []
        }
    }
}
