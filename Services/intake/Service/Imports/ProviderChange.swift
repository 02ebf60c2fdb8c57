import Contracts
import Domain
import Foundation

/// What an import does to one provider, decided by comparing the file's provider with the stored
/// one of the same name (no I/O here).
///
/// - No provider has the name: it is **created** (at least one contact person, and provinces or
///   regions served).
/// - One has: its profile takes the file's values (an optional column the file lacks keeps the
///   stored value), contact persons are merged (``ContactMerge``). A different profile makes it
///   **updated** and publishes `provider.registered` again with the same provider id and its first
///   `registeredAt` (a later profile replaces the earlier one, as matching applies it); nothing
///   different, **unchanged**: no write, no event.
/// - Several have (the API lets a name be registered twice): the row is refused as ambiguous.
struct ProviderChange: Sendable {
    let candidate: ProviderCandidate
    let outcome: PartyImportOutcome
    /// The profile after the import (the event `provider.registered` carries).
    let profile: ProviderRegistered
    let contacts: [ContactPerson]

    var id: UUID { profile.providerId }

    /// The change for `candidate`, or the problems that keep it from being imported.
    /// - Parameter has: whether the file has a column (by field name).
    static func decide(_ candidate: ProviderCandidate, stored: [StoredProvider], now: Date,
                       has: (String) -> Bool) -> Result<ProviderChange, ProblemList> {
        let first = candidate.rows[0]
        guard stored.count <= 1 else {
            return .failure(ProblemList([RowProblem(row: first, field: ProviderFile.name, issue: .ambiguous(count: stored.count))]))
        }
        guard let stored = stored.first else {
            var problems: [RowProblem] = []
            if candidate.provinceCodes.isEmpty && candidate.regions.isEmpty {
                problems.append(RowProblem(row: first, field: ProviderFile.provinces, issue: .noAreaServed))
            }
            if candidate.contacts.isEmpty { problems.append(RowProblem(row: first, field: ContactColumns.name, issue: .needsContact)) }
            guard problems.isEmpty else { return .failure(ProblemList(problems)) }
            let profile = ProviderRegistered(
                providerId: UUID(), name: candidate.name, kind: candidate.kind, serviceAreas: candidate.serviceAreas,
                productTypes: candidate.productTypes, standards: candidate.standards, accreditedLabTests: candidate.accreditedLabTests,
                provinceCodes: candidate.provinceCodes, regions: candidate.regions, capacity: candidate.capacity,
                qualified: candidate.qualified, registeredAt: now)
            return .success(ProviderChange(candidate: candidate, outcome: .created, profile: profile,
                                           contacts: candidate.contacts.map(\.value)))
        }
        var profile = stored.profile
        profile.kind = candidate.kind
        profile.serviceAreas = candidate.serviceAreas
        profile.productTypes = candidate.productTypes
        profile.capacity = candidate.capacity
        if has(ProviderFile.standards) { profile.standards = candidate.standards }
        if has(ProviderFile.accreditedLabTests) { profile.accreditedLabTests = candidate.accreditedLabTests }
        if has(ProviderFile.provinces) { profile.provinceCodes = candidate.provinceCodes }
        if has(ProviderFile.regions) { profile.regions = candidate.regions }
        if has(ProviderFile.qualified) { profile.qualified = candidate.qualified }
        var problems: [RowProblem] = []
        if profile.provinceCodes.isEmpty && profile.regions.isEmpty {
            problems.append(RowProblem(row: first, field: ProviderFile.provinces, issue: .noAreaServed))
        }
        let (contacts, contactProblems) = ContactMerge.merge(stored: stored.contacts ?? [], file: candidate.contacts, has: has)
        problems += contactProblems
        guard problems.isEmpty else { return .failure(ProblemList(problems)) }
        let profileChanged = profile != stored.profile
        let contactsChanged = contacts != (stored.contacts ?? [])
        return .success(ProviderChange(
            candidate: candidate,
            outcome: profileChanged || contactsChanged ? .updated(details: profileChanged, contacts: contactsChanged) : .unchanged,
            profile: profile, contacts: contacts))
    }
}

extension ProviderChange: PartyImportChange {
    var partyName: String { profile.name }
}
