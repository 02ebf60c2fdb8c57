/// Reads the instance format with a `JSONScanner`. The `edges` array is skipped on the first
/// pass and read after the rest, so that ids resolve whatever the order of the keys.
struct InstanceDecoder {
    var scanner: JSONScanner
    private var requests: [AllocationRequest] = []
    private var providers: [AllocationProvider] = []
    private var budgets: [RegionBudget] = []
    private var requestOffsets: [Int] = []
    private var providerOffsets: [Int] = []
    private var budgetOffsets: [Int] = []

    init(scanner: JSONScanner) {
        self.scanner = scanner
    }

    private func failure(_ error: JSONScanner.Failure, path: String) -> InstanceFormatError {
        let position = scanner.position(of: error.offset)
        return InstanceFormatError(error.code, problemCode: error.problemCode, path: path, line: position.line,
                                   column: position.column, message: error.message)
    }

    private func invalid(_ code: AllocationProblemError.Code, path: String, offset: Int, message: String) -> InstanceFormatError {
        let position = scanner.position(of: offset)
        return InstanceFormatError(.invalidProblem, problemCode: code, path: path, line: position.line, column: position.column,
                                   message: message)
    }

    mutating func decode() throws(InstanceFormatError) -> AllocationProblem {
        var edgesOffset: Int?
        var seen: Set<String> = []
        var path = "$"
        do throws(JSONScanner.Failure) {
            guard scanner.peek() == UInt8(ascii: "{") else {
                throw JSONScanner.Failure(code: scanner.atEnd ? .malformedJSON : .wrongType, offset: scanner.offset,
                                          message: "the instance must be a JSON object, found \(scanner.kindOfNextValue())")
            }
            scanner.offset += 1
            if !scanner.consume(UInt8(ascii: "}")) {
                repeat {
                    let keyOffset = scanner.offset
                    let key = try scanner.readKey()
                    let name: String
                    switch key {
                    case .requests: name = "requests"
                    case .providers: name = "providers"
                    case .budgets: name = "budgets"
                    case .edges: name = "edges"
                    default: name = ""
                    }
                    if !name.isEmpty && !seen.insert(name).inserted {
                        throw JSONScanner.Failure(code: .malformedJSON, offset: keyOffset, message: "key '\(name)' appears twice")
                    }
                    path = name.isEmpty ? "$" : name
                    switch key {
                    case .requests: try readArray("requests") { (d: inout InstanceDecoder, i) throws(JSONScanner.Failure) in try d.readRequest(i) }
                    case .providers: try readArray("providers") { (d: inout InstanceDecoder, i) throws(JSONScanner.Failure) in try d.readProvider(i) }
                    case .budgets: try readArray("budgets") { (d: inout InstanceDecoder, i) throws(JSONScanner.Failure) in try d.readBudget(i) }
                    case .edges:
                        guard scanner.peek() == UInt8(ascii: "[") else {
                            throw JSONScanner.Failure(code: .wrongType, offset: scanner.offset,
                                                      message: "edges must be an array, found \(scanner.kindOfNextValue())")
                        }
                        edgesOffset = scanner.offset
                        try scanner.skipValue()
                    default: try scanner.skipValue()
                    }
                    path = "$"
                } while scanner.consume(UInt8(ascii: ","))
                try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
            }
            scanner.skipWhitespace()
            if !scanner.atEnd {
                throw JSONScanner.Failure(code: .malformedJSON, offset: scanner.offset,
                                          message: "unexpected \(scanner.describe(scanner.peek())) after the instance object")
            }
        } catch {
            throw failure(error, path: currentPath(path))
        }
        for required in ["requests", "providers", "edges"] where !seen.contains(required) {
            throw InstanceFormatError(.missingField, path: required, line: 0, column: 0,
                                      message: "the instance has no '\(required)' array")
        }
        // Ids and numbers that the problem checks too, reported here with their position.
        var requestIndex: [String: Int32] = [:]
        requestIndex.reserveCapacity(requests.count)
        for (i, request) in requests.enumerated() {
            if let first = requestIndex.updateValue(Int32(i), forKey: request.id) {
                throw invalid(.duplicateRequest, path: "requests[\(i)].id", offset: requestOffsets[i],
                              message: "request id '\(request.id)' is already used by requests[\(first)]")
            }
        }
        var providerIndex: [String: Int32] = [:]
        providerIndex.reserveCapacity(providers.count)
        for (i, provider) in providers.enumerated() {
            if let first = providerIndex.updateValue(Int32(i), forKey: provider.id) {
                throw invalid(.duplicateProvider, path: "providers[\(i)].id", offset: providerOffsets[i],
                              message: "provider id '\(provider.id)' is already used by providers[\(first)]")
            }
            if provider.maxLoad < 0 {
                throw invalid(.negativeCapacity, path: "providers[\(i)].maxLoad", offset: providerOffsets[i],
                              message: "provider '\(provider.id)' has negative maxLoad \(provider.maxLoad)")
            }
        }
        for (i, budget) in budgets.enumerated() where budget.coupons < 0 {
            throw invalid(.negativeBudget, path: "budgets[\(i)].coupons", offset: budgetOffsets[i],
                          message: "region '\(budget.region)' has negative coupons \(budget.coupons)")
        }
        // Edges.
        var edges = CandidateEdges()
        if let edgesOffset {
            scanner.offset = edgesOffset
            var index = 0
            do throws(JSONScanner.Failure) {
                try scanner.expect(UInt8(ascii: "["), "'['")
                if !scanner.consume(UInt8(ascii: "]")) {
                    repeat {
                        try readEdge(index, requestIndex: requestIndex, providerIndex: providerIndex, into: &edges)
                        index += 1
                    } while scanner.consume(UInt8(ascii: ","))
                    try scanner.expect(UInt8(ascii: "]"), "',' or ']'")
                }
            } catch {
                throw failure(error, path: "edges[\(index)]")
            }
        }
        do throws(AllocationProblemError) {
            return try AllocationProblem(requests: requests, providers: providers, budgets: budgets, candidates: edges)
        } catch {
            let offset = self.offset(of: error.item, edgesOffset: edgesOffset)
            let position = offset.map { scanner.position(of: $0) } ?? (line: 0, column: 0)
            throw InstanceFormatError(.invalidProblem, problemCode: error.code, path: error.item, line: position.line,
                                      column: position.column, message: error.message)
        }
    }

    private func currentPath(_ path: String) -> String {
        switch path {
        case "requests": "requests[\(requests.count)]"
        case "providers": "providers[\(providers.count)]"
        case "budgets": "budgets[\(budgets.count)]"
        default: path
        }
    }

    /// Reads `[ item, item, ... ]`, calling `item` with each index.
    private mutating func readArray(_ name: String,
                                    _ item: (inout InstanceDecoder, Int) throws(JSONScanner.Failure) -> Void) throws(JSONScanner.Failure) {
        guard scanner.peek() == UInt8(ascii: "[") else {
            throw JSONScanner.Failure(code: .wrongType, offset: scanner.offset,
                                      message: "\(name) must be an array, found \(scanner.kindOfNextValue())")
        }
        scanner.offset += 1
        if scanner.consume(UInt8(ascii: "]")) { return }
        var index = 0
        repeat {
            try item(&self, index)
            index += 1
        } while scanner.consume(UInt8(ascii: ","))
        try scanner.expect(UInt8(ascii: "]"), "',' or ']'")
    }

    /// Reads `{ key: value, ... }`, calling `field` for each key (which must consume the value).
    private mutating func readObject(_ what: String,
                                     _ field: (inout InstanceDecoder, InstanceKey) throws(JSONScanner.Failure) -> Void) throws(JSONScanner.Failure) {
        guard scanner.peek() == UInt8(ascii: "{") else {
            throw JSONScanner.Failure(code: .wrongType, offset: scanner.offset,
                                      message: "\(what) must be an object, found \(scanner.kindOfNextValue())")
        }
        scanner.offset += 1
        if scanner.consume(UInt8(ascii: "}")) { return }
        repeat {
            let key = try scanner.readKey()
            try field(&self, key)
        } while scanner.consume(UInt8(ascii: ","))
        try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
    }

    private func missing(_ field: String, in what: String, at offset: Int) -> JSONScanner.Failure {
        JSONScanner.Failure(code: .missingField, offset: offset, message: "\(what) has no '\(field)'")
    }

    private mutating func readRequest(_ i: Int) throws(JSONScanner.Failure) {
        _ = scanner.peek()
        let start = scanner.offset
        var id: String?, region: String?
        try readObject("a request") { (d: inout InstanceDecoder, key) throws(JSONScanner.Failure) in
            switch key {
            case .id: id = try d.scanner.readString("the request's id")
            case .region: region = try d.scanner.readString("the request's region")
            default: try d.scanner.skipValue()
            }
        }
        guard let id else { throw missing("id", in: "the request", at: start) }
        guard let region else { throw missing("region", in: "request '\(id)'", at: start) }
        requests.append(AllocationRequest(id: id, region: region))
        requestOffsets.append(start)
    }

    private mutating func readProvider(_ i: Int) throws(JSONScanner.Failure) {
        _ = scanner.peek()
        let start = scanner.offset
        var id: String?, maxLoad: Int?
        try readObject("a provider") { (d: inout InstanceDecoder, key) throws(JSONScanner.Failure) in
            switch key {
            case .id: id = try d.scanner.readString("the provider's id")
            case .maxLoad: maxLoad = try d.scanner.readInteger("maxLoad")
            default: try d.scanner.skipValue()
            }
        }
        guard let id else { throw missing("id", in: "the provider", at: start) }
        guard let maxLoad else { throw missing("maxLoad", in: "provider '\(id)'", at: start) }
        providers.append(AllocationProvider(id: id, maxLoad: maxLoad))
        providerOffsets.append(start)
    }

    private mutating func readBudget(_ i: Int) throws(JSONScanner.Failure) {
        _ = scanner.peek()
        let start = scanner.offset
        var region: String?, coupons: Int?
        try readObject("a budget") { (d: inout InstanceDecoder, key) throws(JSONScanner.Failure) in
            switch key {
            case .region: region = try d.scanner.readString("the budget's region")
            case .coupons: coupons = try d.scanner.readInteger("coupons")
            default: try d.scanner.skipValue()
            }
        }
        guard let region else { throw missing("region", in: "the budget", at: start) }
        guard let coupons else { throw missing("coupons", in: "the budget of region '\(region)'", at: start) }
        budgets.append(RegionBudget(region: region, coupons: coupons))
        budgetOffsets.append(start)
    }

    private mutating func readEdge(_ k: Int, requestIndex: [String: Int32], providerIndex: [String: Int32],
                                   into edges: inout CandidateEdges) throws(JSONScanner.Failure) {
        _ = scanner.peek()
        let start = scanner.offset
        var request: String?, provider: String?, score: Int?
        try readObject("an edge") { (d: inout InstanceDecoder, key) throws(JSONScanner.Failure) in
            switch key {
            case .request: request = try d.scanner.readString("the edge's request")
            case .provider: provider = try d.scanner.readString("the edge's provider")
            case .score: score = try d.scanner.readInteger("score")
            default: try d.scanner.skipValue()
            }
        }
        guard let request else { throw missing("request", in: "the edge", at: start) }
        guard let provider else { throw missing("provider", in: "the edge", at: start) }
        guard let score else { throw missing("score", in: "the edge", at: start) }
        guard let r = requestIndex[request] else {
            throw JSONScanner.Failure(code: .invalidProblem, offset: start,
                                      message: "edge names request '\(request)', which is not among the requests",
                                      problemCode: .unknownRequest)
        }
        guard let p = providerIndex[provider] else {
            throw JSONScanner.Failure(code: .invalidProblem, offset: start,
                                      message: "edge names provider '\(provider)', which is not among the providers",
                                      problemCode: .unknownProvider)
        }
        edges.append(request: Int(r), provider: Int(p), score: score)
    }

    /// Byte offset of an item named like `edges[12]` or `providers[3]` (for positions of
    /// errors found by the problem's own validation).
    private mutating func offset(of item: String, edgesOffset: Int?) -> Int? {
        guard let open = item.firstIndex(of: "["), let close = item.firstIndex(of: "]"),
              let index = Int(item[item.index(after: open)..<close]) else { return nil }
        switch item[..<open] {
        case "requests": return index < requestOffsets.count ? requestOffsets[index] : nil
        case "providers": return index < providerOffsets.count ? providerOffsets[index] : nil
        case "budgets": return index < budgetOffsets.count ? budgetOffsets[index] : nil
        case "edges":
            guard let edgesOffset else { return nil }
            scanner.offset = edgesOffset
            do throws(JSONScanner.Failure) {
                try scanner.expect(UInt8(ascii: "["), "'['")
                for _ in 0..<index {
                    try scanner.skipValue()
                    try scanner.expect(UInt8(ascii: ","), "','")
                }
                _ = scanner.peek()
                return scanner.offset
            } catch {
                return nil
            }
        default: return nil
        }
    }
}
