import Allocation
import Testing

@Suite("Instance file format")
struct InstanceFormatTests {
    private func decode(_ text: String) -> Result<AllocationProblem, InstanceFormatError> {
        do throws(InstanceFormatError) {
            return .success(try AllocationInstance.decode(Array(text.utf8)))
        } catch {
            return .failure(error)
        }
    }

    private func error(_ text: String) throws -> InstanceFormatError {
        guard case .failure(let error) = decode(text) else {
            Issue.record("accepted: \(text)")
            throw InstanceFormatError(.malformedJSON, path: "", line: 0, column: 0, message: "accepted")
        }
        return error
    }

    @Test
    func readsTheDocumentedExample() throws {
        let problem = try decode("""
            {"requests":[{"id":"r1","region":"north"}], "providers":[{"id":"p1","maxLoad":5}],
             "budgets":[{"region":"north","coupons":120}], "edges":[{"request":"r1","provider":"p1","score":8734}]}
            """).get()
        #expect(problem.requests == [AllocationRequest(id: "r1", region: "north")])
        #expect(problem.providers == [AllocationProvider(id: "p1", maxLoad: 5)])
        #expect(problem.coupons(ofRegion: "north") == 120)
        #expect(AllocationSolver().solve(problem).objective == 8734)
    }

    @Test
    func keysInAnyOrderExtraFieldsIgnoredBudgetsOptional() throws {
        let problem = try decode("""
            {"version": 2, "edges":[{"score":7,"note":{"why":["near", 1.5e3, null, true]},"provider":"p\\u0031","request":"r1"}],
             "providers":[{"maxLoad":1,"id":"p1","kind":"university"}], "requests":[{"region":"south","id":"r1","extra":[]}]}
            """).get()
        #expect(problem.edges.count == 1)
        #expect(problem.coupons(ofRegion: "south") == nil)
        #expect(AllocationSolver().solve(problem).assignments.map(\.provider) == ["p1"])
    }

    @Test
    func roundTripKeepsEverything() throws {
        let problem = RandomInstances.medium(seed: 3, requests: 150, providers: 20)
        let copy = try AllocationInstance.decode(AllocationInstance.encode(problem))
        #expect(copy.requests == problem.requests)
        #expect(copy.providers == problem.providers)
        #expect(copy.budgets == problem.budgets)
        #expect(copy.edges == problem.edges)
        let tricky = try AllocationProblem(requests: [.init(id: "r \"1\" \\ ภาค\n", region: "ภาคเหนือ")],
                                           providers: [.init(id: "p\t1", maxLoad: 1)], budgets: [],
                                           edges: [.init(request: "r \"1\" \\ ภาค\n", provider: "p\t1", score: -4)])
        let trickyCopy = try AllocationInstance.decode(AllocationInstance.encode(tricky))
        #expect(trickyCopy.requests == tricky.requests && trickyCopy.providers == tricky.providers)
    }

    @Test
    func unknownProviderInAnEdgeIsNamedWithItsPosition() throws {
        let error = try error("""
            {"requests":[{"id":"r1","region":"north"}],
             "providers":[{"id":"p1","maxLoad":5}],
             "edges":[{"request":"r1","provider":"p1","score":3},
                      {"request":"r1","provider":"p9","score":3}]}
            """)
        #expect(error.code == .invalidProblem)
        #expect(error.problemCode == .unknownProvider)
        #expect(error.path == "edges[1]")
        #expect(error.line == 4)
        #expect(error.description == "edges[1] (line 4, column 11): edge names provider 'p9', which is not among the providers")
    }

    @Test
    func unknownRequestInAnEdgeIsNamed() throws {
        let error = try error(#"{"requests":[],"providers":[{"id":"p1","maxLoad":5}],"edges":[{"request":"r1","provider":"p1","score":3}]}"#)
        #expect(error.problemCode == .unknownRequest)
        #expect(error.message.contains("'r1'"))
    }

    @Test
    func negativeCapacityAndCouponsAreNamed() throws {
        let capacity = try error(#"{"requests":[],"providers":[{"id":"p1","maxLoad":5},{"id":"p2","maxLoad":-1}],"edges":[]}"#)
        #expect(capacity.problemCode == .negativeCapacity)
        #expect(capacity.path == "providers[1].maxLoad")
        #expect(capacity.message == "provider 'p2' has negative maxLoad -1")
        let coupons = try error(#"{"requests":[],"providers":[],"budgets":[{"region":"east","coupons":-2}],"edges":[]}"#)
        #expect(coupons.problemCode == .negativeBudget)
        #expect(coupons.path == "budgets[0].coupons")
    }

    @Test(arguments: ["3.5", "1e3", "2.0", "-0.5"])
    func nonIntegerScoresAreRefused(score: String) throws {
        let error = try error(#"{"requests":[{"id":"r1","region":"n"}],"providers":[{"id":"p1","maxLoad":1}],"edges":[{"request":"r1","provider":"p1","score":"# + score + "}]}")
        #expect(error.code == .notAnInteger)
        #expect(error.path == "edges[0]")
        #expect(error.message == "score must be an integer, found \(score)")
    }

    @Test
    func wrongTypesMissingFieldsAndHugeNumbers() throws {
        let stringScore = try error(#"{"requests":[{"id":"r1","region":"n"}],"providers":[{"id":"p1","maxLoad":1}],"edges":[{"request":"r1","provider":"p1","score":"12"}]}"#)
        #expect(stringScore.code == .wrongType)
        #expect(stringScore.message == "score must be an integer, found a string")
        let noLoad = try error(#"{"requests":[],"providers":[{"id":"p1"}],"edges":[]}"#)
        #expect(noLoad.code == .missingField)
        #expect(noLoad.path == "providers[0]")
        #expect(noLoad.message == "provider 'p1' has no 'maxLoad'")
        let huge = try error(#"{"requests":[],"providers":[{"id":"p1","maxLoad":99999999999999999999}],"edges":[]}"#)
        #expect(huge.code == .integerOutOfRange)
        let numericId = try error(#"{"requests":[{"id":7,"region":"n"}],"providers":[],"edges":[]}"#)
        #expect(numericId.code == .wrongType)
        #expect(numericId.message == "the request's id must be a string, found a number")
        let noEdges = try error(#"{"requests":[],"providers":[]}"#)
        #expect(noEdges.code == .missingField)
        #expect(noEdges.path == "edges")
    }

    @Test(arguments: ["", "[]", "{", #"{"requests":["#, #"{"requests":[}"#, #"{"requests":[],"providers":[],"edges":[]} x"#,
                      #"{"requests":[{"id":"r1","region":"n"}],"providers":[],"edges":[],}"#, "{\"requests\":\"\u{1}\"}",
                      #"{"requests":[],"requests":[],"providers":[],"edges":[]}"#, #"{"a":tru}"#, #"{"a":01}"#, #"{"a":1.}"#, #"{"a":-}"#, #"{"a":1e}"#,
                      String(repeating: "[", count: 100_000)])
    func malformedJSONIsRefusedWithoutCrashing(text: String) throws {
        let error = try error(text)
        #expect([.malformedJSON, .wrongType].contains(error.code), "\(error)")
        #expect(!error.message.isEmpty)
    }

    @Test
    func duplicatesAreNamedWithTheirPosition() throws {
        let request = try error(#"{"requests":[{"id":"r1","region":"n"},{"id":"r1","region":"s"}],"providers":[],"edges":[]}"#)
        #expect(request.problemCode == .duplicateRequest)
        #expect(request.path == "requests[1].id")
        let edge = try error("""
            {"requests":[{"id":"r1","region":"n"}],"providers":[{"id":"p1","maxLoad":1}],
            "edges":[{"request":"r1","provider":"p1","score":1},
            {"request":"r1","provider":"p1","score":2}]}
            """)
        #expect(edge.problemCode == .duplicateEdge)
        #expect(edge.path == "edges[1]")
        #expect(edge.line == 3)
    }
}
