import Domain
import Foundation

/// Codes as a reader of the page's language names them (regions, provinces, product types, service
/// areas, kinds, standards), from `Domain`; an unknown code is shown as it is.
struct Names {
    let language: Language

    func region(_ code: String?) -> String {
        guard let code, let region = Region(rawValue: code) else { return code ?? "" }
        return language == .th ? region.nameTH : region.nameEN
    }

    func province(_ code: String) -> String {
        guard let province = Province.withCode(code) else { return code }
        return language == .th ? province.nameTH : province.nameEN
    }

    func productType(_ code: String) -> String {
        guard let type = ProductType(rawValue: code) else { return code }
        return language == .th ? type.nameTH : type.nameEN
    }

    func serviceArea(_ code: String) -> String {
        guard let area = ServiceArea(rawValue: code) else { return code }
        return language == .th ? area.nameTH : area.nameEN
    }

    func providerKind(_ code: String) -> String {
        guard let kind = ProviderKind(rawValue: code) else { return code }
        return language == .th ? kind.nameTH : kind.nameEN
    }

    func enterpriseKind(_ code: String) -> String {
        guard let kind = EnterpriseKind(rawValue: code) else { return code }
        return language == .th ? kind.nameTH : kind.nameEN
    }

    func standard(_ code: String?) -> String {
        guard let code, let standard = StandardCode(rawValue: code) else { return code ?? "" }
        let definition = StandardCatalogue.default[standard]
        return language == .th ? definition.nameTH : definition.nameEN
    }

    func list(_ codes: [String], _ name: (String) -> String) -> String {
        codes.map(name).joined(separator: ", ")
    }

    /// Options for a select of every region (with "all" first when `all` is given).
    func regionOptions(selected: String?, all: String?) -> [FormSpec.Field.Option] {
        (all.map { [FormSpec.Field.Option(value: "", label: $0, selected: selected == nil)] } ?? [])
            + Region.allCases.map { .init(value: $0.rawValue, label: region($0.rawValue), selected: selected == $0.rawValue) }
    }

    /// Every province (of `region` when one is given) in the reader's order.
    func provinceOptions(selected: String?, all: String?, in region: Region? = nil) -> [FormSpec.Field.Option] {
        (all.map { [FormSpec.Field.Option(value: "", label: $0, selected: selected == nil)] } ?? [])
            + Province.all.filter { region == nil || $0.region == region }.sorted { province($0.isoCode) < province($1.isoCode) }
                .map { .init(value: $0.isoCode, label: province($0.isoCode), selected: selected == $0.isoCode) }
    }
}
