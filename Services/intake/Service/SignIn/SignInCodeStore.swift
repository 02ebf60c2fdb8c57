import CodeSealing
import Contracts
import Domain
import Foundation
import Messaging
import Postgres

/// One-time sign-in codes: asked for with a phone or e-mail that selects contact persons on record
/// (``issue(_:now:)``), checked once (``verify(_:now:)``). Codes, identifiers and client addresses
/// are stored only as HMACs under the ``CodeKey``; the code travels to notifications sealed, in
/// `signin.code-requested` (written with the code's row in one transaction).
struct SignInCodeStore: Sendable {
    let pool: PostgresPool
    let key: CodeKey
    let settings: SignInSettings

    /// What checking a code came to.
    enum Verification: Equatable {
        case verified([SignInIdentity])
        case wrong(attemptsLeft: Int)
        case spent(SignInCodeState)
    }

    /// Records a code for the contact persons `request` selects and, when one of them has an
    /// address for the channel, emits the event that has notifications send it. Answers the same
    /// whether anyone was selected or not; throws 429 when the identifier or the client address
    /// asked too often within the window.
    func issue(_ request: CodeRequestBody.Valid, now: Date) async throws -> IssuedCodeView {
        let identifierDigest = key.digest(request.identifier.text, context: request.identifier.kind)
        let limits = [(key.digest(request.identifier.kind + ":" + request.identifier.text, context: "sign-in contact"), settings.perContact),
                      (key.digest(request.clientAddress, context: "sign-in address"), settings.perAddress)]
        let codeID = UUID(), code = OneTimeCode.digits()
        let expiresAt = now.addingTimeInterval(SignInSettings.codeLifetime)
        try await pool.withTransaction { connection in
            try await Self.count(limits, now: now, on: connection)
            let selected = try await Self.contactPersons(request.identifier, on: connection)
            let identities = selected.map { StoredIdentity(partyId: $0.partyID, contactIndex: $0.index) }
            try await connection.execute("""
                INSERT INTO intake.sign_in_codes (id, identities, identifier_kind, identifier_digest, code_digest, channel,
                                                  requested_at, expires_at)
                VALUES (\(codeID), \(try PostgresJSON(identities)), \(request.identifier.kind), \(identifierDigest),
                        \(key.digest(code, context: codeID.lowercased)), \(request.channel.rawValue), \(now), \(expiresAt))
                """)
            // The code goes to the first selected person with an address on the channel; nobody else.
            if let recipient = selected.first(where: { $0.person.address(on: request.channel) != nil }) {
                let event = SignInCodeRequested(codeId: codeID, partyId: recipient.partyID, partyKind: recipient.kind,
                                                contactIndex: recipient.index, channel: request.channel,
                                                sealedCode: try key.seal(code, for: codeID), requestedAt: now, expiresAt: expiresAt)
                try await EventEmitter(service: .intake, schema: IntakeService.schema, correlationID: codeID.lowercased)
                    .emit(event, time: now, on: connection)
            }
            // Codes a day past their expiry are of no use to anyone.
            try await connection.execute("""
                DELETE FROM intake.sign_in_codes WHERE id IN (
                    SELECT id FROM intake.sign_in_codes WHERE expires_at < \(now.addingTimeInterval(-86_400)) LIMIT 100)
                """)
        }
        return IssuedCodeView(codeId: codeID, channel: request.channel, expiresAt: expiresAt, attempts: SignInSettings.maxAttempts)
    }

    /// Checks `code` against the code `codeID` (counting the try) and, when it matches, marks it
    /// used and answers the contact persons it signs in.
    func verify(_ attempt: VerificationBody.Valid, now: Date) async throws -> Verification {
        try await pool.withTransaction { connection in
            let rows = try await connection.query("""
                SELECT identities, identifier_kind, identifier_digest, code_digest, attempts, expires_at, used_at
                FROM intake.sign_in_codes WHERE id = \(attempt.codeID) FOR UPDATE
                """)
            guard let row = rows.first else { return .spent(.unknown) }
            let attempts = try row.decode(Int.self, column: "attempts")
            if try row.decode(Date?.self, column: "used_at") != nil { return .spent(.used) }
            if try row.decode(Date.self, column: "expires_at") <= now { return .spent(.expired) }
            if attempts >= SignInSettings.maxAttempts { return .spent(.locked) }
            let identities = try row.decodeJSON([StoredIdentity].self, column: "identities")
            let matches = CodeKey.same(key.digest(attempt.code, context: attempt.codeID.lowercased),
                                       try row.decode([UInt8].self, column: "code_digest"))
            // A code asked for a phone or e-mail nobody registered never signs anyone in.
            guard matches, !identities.isEmpty else {
                try await connection.execute("UPDATE intake.sign_in_codes SET attempts = attempts + 1 WHERE id = \(attempt.codeID)")
                return .wrong(attemptsLeft: SignInSettings.maxAttempts - attempts - 1)
            }
            try await connection.execute("UPDATE intake.sign_in_codes SET used_at = \(now) WHERE id = \(attempt.codeID)")
            let kind = try row.decode(String.self, column: "identifier_kind")
            let identifier = try row.decode([UInt8].self, column: "identifier_digest")
            var signedIn: [SignInIdentity] = []
            for identity in identities {
                guard let record = try await ContactStore.contacts(of: identity.partyId, on: connection, lock: false),
                      record.partyKind != .officer, record.contacts.indices.contains(identity.contactIndex) else { continue }
                let person = record.contacts[identity.contactIndex]
                // The person must still hold the phone or e-mail the code was asked for.
                guard let held = person.identifier(kind: kind),
                      CodeKey.same(key.digest(held, context: kind), identifier) else { continue }
                signedIn.append(SignInIdentity(partyID: identity.partyId, kind: record.partyKind, partyName: record.partyName,
                                               index: identity.contactIndex, person: person))
            }
            return signedIn.isEmpty ? .spent(.contactChanged) : .verified(signedIn)
        }
    }

    // MARK: Parts

    /// A selected contact person as the code's row keeps it (ids only).
    struct StoredIdentity: Codable, Equatable {
        var partyId: UUID
        var contactIndex: Int
    }

    /// A contact person a typed identifier selects.
    struct Selected {
        var partyID: UUID
        var kind: PartyKind
        var index: Int
        var person: ContactPerson
    }

    /// The enterprises' and providers' contact persons whose phone (or e-mail, ignoring case) is
    /// `identifier`, in a stable order.
    static func contactPersons(_ identifier: CodeRequestBody.Identifier, on connection: PostgresConnection) async throws -> [Selected] {
        let field = identifier.kind
        let containment = try PostgresJSON([[field: identifier.text]])
        return try await connection.query("""
            SELECT c.party_id, c.party_kind, (person.ordinal - 1)::int AS contact_index, person.value AS person
            FROM intake.contacts c
            CROSS JOIN LATERAL jsonb_array_elements(c.contacts) WITH ORDINALITY AS person(value, ordinal)
            WHERE lower(c.contacts::text)::jsonb @> \(containment)::jsonb
              AND c.party_kind IN (\(PartyKind.enterprise.rawValue), \(PartyKind.provider.rawValue))
              AND lower(person.value->>\(field)) = \(identifier.text)
            ORDER BY c.party_id, person.ordinal
            """).map { row in
            Selected(partyID: try row.decode(UUID.self, column: "party_id"), kind: try row.decode(PartyKind.self, column: "party_kind"),
                     index: try row.decode(Int.self, column: "contact_index"),
                     person: try row.decodeJSON(ContactPerson.self, column: "person"))
        }
    }

    /// Counts a request against each key's limit (under an advisory lock per key, so replicas
    /// count together), or throws 429 with the seconds until the oldest request in the window ages out.
    static func count(_ limits: [([UInt8], SignInSettings.RequestLimit)], now: Date, on connection: PostgresConnection) async throws {
        // Locks in a fixed order, so two requests sharing both keys never wait on each other in a circle.
        for (digest, _) in limits.sorted(by: { $0.0.lexicographicallyPrecedes($1.0) }) {
            try await connection.execute("SELECT pg_advisory_xact_lock(\(Self.lockKey(digest)))")
        }
        var wait = 0
        for (digest, limit) in limits {
            let start = now.addingTimeInterval(-TimeInterval(limit.window.components.seconds))
            try await connection.execute("DELETE FROM intake.sign_in_requests WHERE key_digest = \(digest) AND requested_at <= \(start)")
            let row = try await connection.query("""
                SELECT count(*)::int AS requests, min(requested_at) AS oldest FROM intake.sign_in_requests WHERE key_digest = \(digest)
                """)[0]
            if try row.decode(Int.self, column: "requests") >= limit.count, let oldest = try row.decode(Date?.self, column: "oldest") {
                // Whole seconds, rounded up (less a millisecond: times come back from PostgreSQL in microseconds).
                wait = max(wait, Int((oldest.timeIntervalSince(start) - 0.001).rounded(.up)))
            }
        }
        if wait > 0 { throw Problem.signInRateLimited(retryAfter: max(1, wait)) }
        for (digest, _) in limits {
            try await connection.execute("INSERT INTO intake.sign_in_requests (key_digest, requested_at) VALUES (\(digest), \(now))")
        }
    }

    /// The first 8 bytes of a digest as an advisory lock key.
    static func lockKey(_ digest: [UInt8]) -> Int64 {
        digest.prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }
}

extension ContactPerson {
    /// The person's address on `channel`, if recorded.
    func address(on channel: ContactChannel) -> String? {
        let address: String? = switch channel {
        case .email: email
        case .sms: phone
        case .line: lineUserId
        }
        return address.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The person's phone or e-mail as a typed identifier of `kind` is normalised.
    func identifier(kind: String) -> String? {
        kind == "phone" ? phone : email?.lowercased()
    }
}
