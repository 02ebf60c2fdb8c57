import Contracts
import Domain
import Foundation

/// What an import does to one enterprise, decided by comparing the file's enterprise with the
/// stored one (no I/O here).
///
/// - No enterprise has the registration number: it is **created** with the file's products and
///   contact persons (at least one of each).
/// - One has: its columns take the file's values (an optional column the file lacks keeps the
///   stored value; a blank cell clears it), products are matched **by name** (updated in place,
///   new names added, none removed: requests point at them), contact persons likewise
///   (``ContactMerge``). Anything different makes it **updated**; nothing different, **unchanged**:
///   no write and no event, so importing the same file again changes nothing.
struct EnterpriseChange: Sendable {
    let candidate: EnterpriseCandidate
    let id: UUID
    let outcome: PartyImportOutcome
    /// The enterprise's values after the import.
    let name: String
    let kind: EnterpriseKind
    let provinceCode: String
    let district: String
    let subdistrict: String?
    /// Every product after the import, and which of them are new or changed.
    let products: [ProductSummary]
    let newProducts: [ProductSummary]
    let changedProducts: [ProductSummary]
    let contacts: [ContactPerson]

    /// The change for `candidate`, or the problems that keep it from being imported.
    /// - Parameter has: whether the file has a column (by field name).
    static func decide(_ candidate: EnterpriseCandidate, stored: StoredEnterprise?,
                       has: (String) -> Bool) -> Result<EnterpriseChange, ProblemList> {
        let first = candidate.rows[0]
        guard let stored else {
            var problems: [RowProblem] = []
            if candidate.products.isEmpty { problems.append(RowProblem(row: first, field: EnterpriseFile.productName, issue: .needsProduct)) }
            if candidate.contacts.isEmpty { problems.append(RowProblem(row: first, field: ContactColumns.name, issue: .needsContact)) }
            guard problems.isEmpty else { return .failure(ProblemList(problems)) }
            let products = candidate.products.map { line in
                ProductSummary(productId: UUID(), name: line.value.name, productType: line.value.productType,
                               foodSubgroup: line.value.foodSubgroup, opcStars: line.value.opcStars,
                               opcYear: line.value.opcYear, quadrant: line.value.quadrant)
            }
            return .success(EnterpriseChange(
                candidate: candidate, id: UUID(), outcome: .created, name: candidate.name, kind: candidate.kind,
                provinceCode: candidate.province.isoCode, district: candidate.district, subdistrict: candidate.subdistrict,
                products: products, newProducts: products, changedProducts: [], contacts: candidate.contacts.map(\.value)))
        }
        var problems: [RowProblem] = []
        let subdistrict = has(EnterpriseFile.subdistrict) ? candidate.subdistrict : stored.subdistrict
        let detailsChanged = candidate.name != stored.name || candidate.kind != stored.kind
            || candidate.province.isoCode != stored.provinceCode || candidate.district != stored.district
            || subdistrict != stored.subdistrict
        var products = stored.products
        var newProducts: [ProductSummary] = []
        var changedProducts: [ProductSummary] = []
        for line in candidate.products {
            let matches = products.indices.filter { ImportText.collapsed(products[$0].name) == line.value.name }
            guard matches.count <= 1 else {
                problems.append(RowProblem(row: line.row, field: EnterpriseFile.productName, issue: .ambiguous(count: matches.count)))
                continue
            }
            guard let index = matches.first else {
                let product = ProductSummary(productId: UUID(), name: line.value.name, productType: line.value.productType,
                                             foodSubgroup: line.value.foodSubgroup, opcStars: line.value.opcStars,
                                             opcYear: line.value.opcYear, quadrant: line.value.quadrant)
                products.append(product)
                newProducts.append(product)
                continue
            }
            let updated = merged(products[index], line.value, has: has)
            if updated != products[index] {
                products[index] = updated
                changedProducts.append(updated)
            }
        }
        let (contacts, contactProblems) = ContactMerge.merge(stored: stored.contacts ?? [], file: candidate.contacts, has: has)
        problems += contactProblems
        guard problems.isEmpty else { return .failure(ProblemList(problems)) }
        let contactsChanged = contacts != (stored.contacts ?? [])
            // The contacts event carries the party's name: a renamed enterprise's contacts are published again.
            || (candidate.name != stored.name && !contacts.isEmpty)
        let details = detailsChanged || !newProducts.isEmpty || !changedProducts.isEmpty
        return .success(EnterpriseChange(
            candidate: candidate, id: stored.id,
            outcome: details || contactsChanged ? .updated(details: details, contacts: contactsChanged) : .unchanged,
            name: candidate.name, kind: candidate.kind, provinceCode: candidate.province.isoCode, district: candidate.district,
            subdistrict: subdistrict, products: products, newProducts: newProducts, changedProducts: changedProducts,
            contacts: contacts))
    }

    /// A stored product with the file's values, for the columns the file has.
    private static func merged(_ stored: ProductSummary, _ line: ProductLine, has: (String) -> Bool) -> ProductSummary {
        var product = stored
        product.productType = line.productType
        if has(EnterpriseFile.foodSubgroup) { product.foodSubgroup = line.foodSubgroup }
        if line.productType != .food { product.foodSubgroup = nil }  // applies to food only
        if has(EnterpriseFile.opcStars) { product.opcStars = line.opcStars }
        if has(EnterpriseFile.opcYear) { product.opcYear = line.opcYear }
        if has(EnterpriseFile.quadrant) { product.quadrant = line.quadrant }
        return product
    }
}

/// Problems that keep one party from being imported (an `Error` so a `Result` can carry them).
struct ProblemList: Error, Sendable {
    let problems: [RowProblem]

    init(_ problems: [RowProblem]) {
        self.problems = problems
    }
}

extension EnterpriseChange: PartyImportChange {
    var partyName: String { name }
}
