import CLibPQ
import Foundation

/// The blocking libpq calls, used only from a connection's own serial queue or the listener's
/// thread, never from Swift's cooperative pool.
enum LibPQ {
    /// Opens a connection; the caller owns the handle (`PQfinish`).
    static func connect(_ configuration: PostgresConfiguration) throws(PostgresError) -> OpaquePointer {
        let parameters = configuration.libpqParameters
        let keywords = parameters.map { strdup($0.0) } + [nil]
        let values = parameters.map { strdup($0.1) } + [nil]
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let handle = keywords.map { UnsafePointer($0) }.withUnsafeBufferPointer { keywordPointers in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { valuePointers in
                PQconnectdbParams(keywordPointers.baseAddress, valuePointers.baseAddress, 0)
            }
        }
        guard let handle else {
            throw PostgresError(code: .connectionFailed, message: "libpq could not allocate a connection to \(configuration.safeDescription)")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = errorMessage(handle)
            PQfinish(handle)
            throw PostgresError(code: .connectionFailed, message: "cannot connect to \(configuration.safeDescription): \(message)")
        }
        PQsetNoticeProcessor(handle, { _, _ in }, nil)  // NOTICEs ("already exists, skipping") are not errors
        return handle
    }

    /// Runs one parameterized statement and returns its rows and affected-row count: as a prepared
    /// statement when `prepared` has it (or prepares it now, in the same round trip), else unnamed.
    static func execute(_ handle: OpaquePointer, _ query: PostgresQuery,
                        prepared: PreparedStatements) throws(PostgresError) -> (rows: [PostgresRow], affected: Int) {
        try refuseNul(in: query)
        let result: OpaquePointer?
        let plan = prepared.plan(for: query)
        switch plan {
        case .prepare:
            // Parse, then Bind and Execute, in one round trip.
            let outcome = try pipeline(handle, [query], prepared: prepared, plans: [plan])[0]
            return (outcome.rows, outcome.affectedRows)
        case .prepared(let name):
            result = withParameters(of: query) { count, _, values, lengths, formats in
                PQexecPrepared(handle, name, count, values, lengths, formats, 0)
            }
        case .unnamed:
            result = withParameters(of: query) { count, types, values, lengths, formats in
                PQexecParams(handle, query.sql, count, types, values, lengths, formats, 0)
            }
        }
        defer { PQclear(result) }
        do {
            try check(result, handle)
        } catch {
            if PreparedStatements.invalidates(error) { prepared.forget(query) }
            throw error
        }
        return (rows(result!), affectedRows(result!))
    }

    /// Sends `queries` in one pipeline (libpq's pipeline mode) closed by one Sync, then reads every
    /// result: one round trip. Without an explicit `BEGIN` the server runs everything up to the Sync
    /// as one implicit transaction, so the statements commit together or not at all. The first
    /// failing statement's error is thrown after all results were read (the statements after it
    /// were skipped by the server and the implicit transaction rolled back). Statements are
    /// prepared as ``PreparedStatements`` says, in the same round trip.
    static func pipeline(_ handle: OpaquePointer, _ queries: [PostgresQuery],
                         prepared: PreparedStatements) throws(PostgresError) -> [PostgresResult] {
        for query in queries { try refuseNul(in: query) }
        return try pipeline(handle, queries, prepared: prepared, plans: queries.map(prepared.plan(for:)))
    }

    private static func pipeline(_ handle: OpaquePointer, _ queries: [PostgresQuery], prepared: PreparedStatements,
                                 plans: [PreparedStatements.Plan]) throws(PostgresError) -> [PostgresResult] {
        guard PQenterPipelineMode(handle) == 1 else {
            throw PostgresError(code: PQstatus(handle) == CONNECTION_OK ? .server : .connectionLost,
                                message: "could not enter pipeline mode: \(errorMessage(handle))")
        }
        defer { PQexitPipelineMode(handle) }
        for (index, query) in queries.enumerated() {
            var sent: Int32
            switch plans[index] {
            case .prepare(let name):
                sent = withParameters(of: query) { count, types, _, _, _ in PQsendPrepare(handle, name, query.sql, count, types) }
                if sent == 1 {
                    sent = withParameters(of: query) { count, _, values, lengths, formats in
                        PQsendQueryPrepared(handle, name, count, values, lengths, formats, 0)
                    }
                }
            case .prepared(let name):
                sent = withParameters(of: query) { count, _, values, lengths, formats in
                    PQsendQueryPrepared(handle, name, count, values, lengths, formats, 0)
                }
            case .unnamed:
                sent = withParameters(of: query) { count, types, values, lengths, formats in
                    PQsendQueryParams(handle, query.sql, count, types, values, lengths, formats, 0)
                }
            }
            guard sent == 1 else {
                throw PostgresError(code: PQstatus(handle) == CONNECTION_OK ? .server : .connectionLost,
                                    message: "could not send statement \(index + 1) of a pipeline: \(errorMessage(handle))")
            }
        }
        guard PQpipelineSync(handle) == 1 else {
            throw PostgresError(code: .connectionLost, message: "could not send a pipeline: \(errorMessage(handle))")
        }
        var results: [PostgresResult] = []
        results.reserveCapacity(queries.count)
        var failure: PostgresError?
        func fail(_ error: PostgresError, statement index: Int) {
            var error = error
            if queries.count > 1 { error.message = "statement \(index + 1) of \(queries.count) in a pipeline: " + error.message }
            failure = failure ?? error
        }
        for (index, query) in queries.enumerated() {
            if case .prepare(let name) = plans[index] {
                // The Parse's own result comes first.
                var accepted = false
                while let result = PQgetResult(handle) {
                    defer { PQclear(result) }
                    if PQresultStatus(result) == PGRES_PIPELINE_ABORTED { continue }
                    do throws(PostgresError) {
                        try check(result, handle)
                        accepted = true
                    } catch {
                        fail(error, statement: index)
                    }
                }
                if accepted { prepared.prepared(name, for: query) }
            }
            // Each statement's results end with a NULL; a broken connection also gives NULL.
            var statement = PostgresResult(rows: [], affectedRows: 0)
            while let result = PQgetResult(handle) {
                defer { PQclear(result) }
                if PQresultStatus(result) == PGRES_PIPELINE_ABORTED { continue }
                do throws(PostgresError) {
                    try check(result, handle)
                    statement = PostgresResult(rows: rows(result), affectedRows: affectedRows(result))
                } catch {
                    if case .prepared = plans[index], PreparedStatements.invalidates(error) { prepared.forget(query) }
                    fail(error, statement: index)
                }
            }
            guard PQstatus(handle) == CONNECTION_OK else { break }
            results.append(statement)
        }
        let sync = PQstatus(handle) == CONNECTION_OK ? PQgetResult(handle) : nil
        if let sync { PQclear(sync) }
        // A server that ends the session (a terminated backend, a shutdown) first sends its error, so
        // the connection may look fine when that error is read: what counts is its state afterwards.
        let broken = PQstatus(handle) != CONNECTION_OK
        if var failure {
            if broken { failure.code = .connectionLost }
            throw failure
        }
        guard !broken, sync != nil, results.count == queries.count else {
            throw PostgresError(code: broken ? .connectionLost : .server,
                                message: "a pipeline ended without its results: \(errorMessage(handle))")
        }
        return results
    }

    /// libpq reads a text parameter up to its first NUL: it would silently cut the value short.
    private static func refuseNul(in query: PostgresQuery) throws(PostgresError) {
        if let index = query.parameters.firstIndex(where: { !$0.isBinary && $0.bytes?.contains(0) == true }) {
            throw PostgresError(code: .encoding, message: "parameter $\(index + 1) contains a NUL character, which PostgreSQL text cannot hold")
        }
    }

    /// Lends libpq the parameter arrays of `query` (types, values, lengths, formats) for one call.
    private static func withParameters<Result>(
        of query: PostgresQuery,
        _ body: (Int32, [Oid], [UnsafePointer<CChar>?], [Int32], [Int32]) -> Result
    ) -> Result {
        let parameters = query.parameters
        var types: [Oid] = [], lengths: [Int32] = [], formats: [Int32] = [], values: [UnsafePointer<CChar>?] = []
        types.reserveCapacity(parameters.count)
        lengths.reserveCapacity(parameters.count)
        formats.reserveCapacity(parameters.count)
        values.reserveCapacity(parameters.count)
        // Every value, NUL-terminated, in one allocation.
        let storage = UnsafeMutablePointer<CChar>.allocate(capacity: parameters.reduce(1) { $0 + ($1.bytes?.count ?? 0) + 1 })
        defer { storage.deallocate() }
        var offset = 0
        for parameter in parameters {
            types.append(Oid(parameter.typeOID))
            formats.append(parameter.isBinary ? 1 : 0)
            guard let bytes = parameter.bytes else {
                lengths.append(0)
                values.append(nil)
                continue
            }
            let value = storage + offset
            bytes.withUnsafeBytes { source in
                if let base = source.baseAddress { UnsafeMutableRawPointer(value).copyMemory(from: base, byteCount: source.count) }
            }
            value[bytes.count] = 0
            lengths.append(Int32(bytes.count))
            values.append(UnsafePointer(value))
            offset += bytes.count + 1
        }
        return body(Int32(parameters.count), types, values, lengths, formats)
    }

    /// Runs a script of several statements (migrations) with the simple query protocol.
    static func executeScript(_ handle: OpaquePointer, _ sql: String) throws(PostgresError) {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, handle)
    }

    /// Runs `COMMIT`. In a transaction a failed statement left aborted, the server answers
    /// `COMMIT` with success and the tag `ROLLBACK`: that is a failure here, not a commit.
    static func commit(_ handle: OpaquePointer) throws(PostgresError) {
        let result = PQexec(handle, "COMMIT")
        defer { PQclear(result) }
        try check(result, handle)
        if let tag = PQcmdStatus(result), String(cString: tag) == "ROLLBACK" {
            throw PostgresError(code: .server, message: "the transaction was rolled back, not committed: a statement in it had failed",
                                sqlState: .inFailedTransaction)
        }
    }

    /// Throws unless `result` is a success; a broken connection is ``PostgresError/Code/connectionLost``.
    static func check(_ result: OpaquePointer?, _ handle: OpaquePointer) throws(PostgresError) {
        let broken = PQstatus(handle) != CONNECTION_OK
        guard let result else {
            throw PostgresError(code: broken ? .connectionLost : .server, message: errorMessage(handle))
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        default:
            throw PostgresError(code: broken ? .connectionLost : .server,
                                message: field(result, .messagePrimary) ?? errorMessage(handle),
                                sqlState: field(result, .sqlState).map(SQLState.init(rawValue:)),
                                detail: field(result, .messageDetail), column: field(result, .columnName),
                                constraint: field(result, .constraintName), table: field(result, .tableName),
                                schema: field(result, .schemaName))
        }
    }

    static func rows(_ result: OpaquePointer) -> [PostgresRow] {
        let fieldCount = PQnfields(result)
        let rowCount = PQntuples(result)
        guard fieldCount > 0, rowCount > 0 else { return [] }
        let columns = PostgresColumns(
            names: (0..<fieldCount).map { String(cString: PQfname(result, $0)) },
            typeOIDs: (0..<fieldCount).map { UInt32(PQftype(result, $0)) })
        var rows: [PostgresRow] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(fieldCount))
            for column in 0..<fieldCount {
                values.append(PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column)))
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        return rows
    }

    static func affectedRows(_ result: OpaquePointer) -> Int {
        guard let text = PQcmdTuples(result) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    /// The error fields read from a refused statement's result: libpq's `PG_DIAG_*` codes
    /// (postgres_ext.h defines them as character literals, which Swift does not import).
    enum ErrorField: Character {
        case sqlState = "C"          // PG_DIAG_SQLSTATE
        case messagePrimary = "M"    // PG_DIAG_MESSAGE_PRIMARY
        case messageDetail = "D"     // PG_DIAG_MESSAGE_DETAIL
        case schemaName = "s"        // PG_DIAG_SCHEMA_NAME
        case tableName = "t"         // PG_DIAG_TABLE_NAME
        case columnName = "c"        // PG_DIAG_COLUMN_NAME
        case constraintName = "n"    // PG_DIAG_CONSTRAINT_NAME
    }

    /// One of the error's fields, nil when the server did not send it.
    static func field(_ result: OpaquePointer, _ field: ErrorField) -> String? {
        guard let value = PQresultErrorField(result, Int32(field.rawValue.asciiValue!)) else { return nil }
        return String(cString: value)
    }

    static func errorMessage(_ handle: OpaquePointer) -> String {
        guard let message = PQerrorMessage(handle) else { return "unknown libpq error" }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether an idle connection can take a statement: libpq says it is open, no transaction is
    /// left open, and the server has sent nothing since (a server that shut down sends a FATAL
    /// message and closes; any unexpected input means the connection is not to be trusted).
    static func isIdleAndHealthy(_ handle: OpaquePointer) -> Bool {
        guard PQstatus(handle) == CONNECTION_OK, PQtransactionStatus(handle) == PQTRANS_IDLE else { return false }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) == 0
    }
}
