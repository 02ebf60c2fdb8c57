import Contracts
import Foundation

/// A party's contact persons after an import. An import adds and updates contact persons, never
/// removes one (erasure is `DELETE /v1/contacts/{partyId}`): a stored person the file names (by
/// name, spaces collapsed) takes the file's cells, for the columns the file has; a person the file
/// does not name is kept; a new name is added at the end.
enum ContactMerge {
    static func merge(stored: [ContactPerson], file: [Numbered<ContactPerson>],
                      has: (String) -> Bool) -> (contacts: [ContactPerson], problems: [RowProblem]) {
        var contacts = stored
        var problems: [RowProblem] = []
        for numbered in file {
            let person = numbered.value
            let matches = contacts.indices.filter { ImportText.collapsed(contacts[$0].name) == person.name }
            guard matches.count <= 1 else {
                problems.append(RowProblem(row: numbered.row, field: ContactColumns.name, issue: .ambiguous(count: matches.count)))
                continue
            }
            guard let index = matches.first else {
                contacts.append(person)
                continue
            }
            var merged = contacts[index]
            if has(ContactColumns.role) { merged.role = person.role }
            if has(ContactColumns.email) { merged.email = person.email }
            if has(ContactColumns.phone) { merged.phone = person.phone }
            if has(ContactColumns.lineUserID) { merged.lineUserId = person.lineUserId }
            if has(ContactColumns.language) { merged.language = person.language }
            if has(ContactColumns.channels) { merged.channels = person.channels }
            // What the file left to the stored person must still hold together.
            if merged.email == nil && merged.phone == nil && merged.lineUserId == nil {
                problems.append(RowProblem(row: numbered.row, field: ContactColumns.email, issue: .contactAddress))
            } else if let missing = merged.channels.first(where: { address(of: $0, in: merged) == nil }) {
                problems.append(RowProblem(row: numbered.row, field: ContactColumns.channels, issue: .channelWithoutAddress(missing)))
            }
            contacts[index] = merged
        }
        return (contacts, problems)
    }

    private static func address(of channel: ContactChannel, in person: ContactPerson) -> String? {
        switch channel {
        case .email: person.email
        case .sms: person.phone
        case .line: person.lineUserId
        }
    }
}
