import Contracts
import Foundation
import Testing

@Suite("W3C trace context (traceparent)")
struct TraceParentTests {
    static let valid = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"

    @Test("a valid traceparent reads back with its trace id, span id and the same text")
    func parses() throws {
        let trace = try #require(TraceParent(Self.valid))
        #expect(trace.traceID == "0af7651916cd43dd8448eb211c80319c")
        #expect(trace.spanID == "b7ad6b7169203331")
        #expect(trace.header == Self.valid)
        #expect(TraceParent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00")?.header
                == "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", "flags are kept")
    }

    @Test("invalid values are refused", arguments: [
        "",
        "garbage",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331",          // no flags
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra",
        "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",       // version ff is forbidden
        "00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01",       // upper-case hex
        "00-00000000000000000000000000000000-b7ad6b7169203331-01",       // all-zero trace id
        "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",       // all-zero span id
        "00_0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331_01",       // delimiters
        "00-0af7651916cd43dd8448eb211c80319g-b7ad6b7169203331-01",       // not hex
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0x",
    ])
    func refusesInvalid(_ header: String) {
        #expect(TraceParent(header) == nil)
    }

    @Test("a child keeps the trace id and flags and gets a new span id")
    func child() throws {
        let parent = try #require(TraceParent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"))
        let children = (0..<20).map { _ in parent.child() }
        #expect(children.allSatisfy { $0.traceID == parent.traceID && $0.header.hasSuffix("-00") })
        #expect(Set(children.map(\.spanID) + [parent.spanID]).count == 21)
        #expect(children.allSatisfy { TraceParent($0.header) == $0 }, "children format as valid values")
    }

    @Test("a fresh trace is valid, sampled and new each time")
    func fresh() {
        let traces = (0..<20).map { _ in TraceParent.fresh() }
        #expect(traces.allSatisfy { TraceParent($0.header) == $0 && $0.header.hasSuffix("-01") })
        #expect(Set(traces.map(\.traceID)).count == 20)
    }

    @Test("serving a request continues a valid caller's trace in a new span; otherwise starts a fresh trace")
    func serving() throws {
        let caller = try #require(TraceParent(Self.valid))
        let served = TraceParent.serving(Self.valid)
        #expect(served.traceID == caller.traceID)
        #expect(served.spanID != caller.spanID)
        for header in [nil, "", "00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01", Self.valid + ", " + Self.valid] {
            let fresh = TraceParent.serving(header)
            #expect(fresh.traceID != caller.traceID)
            #expect(TraceParent(fresh.header) == fresh)
        }
    }

    @Test("an event header's trace is its traceparent when valid")
    func headerTrace() throws {
        var event = CloudEvent(ContactsUpserted(partyId: .init(), partyKind: .enterprise, partyName: "x", contacts: []), source: "/x")
        #expect(event.header.trace == nil)
        event.traceparent = "nonsense"
        #expect(event.header.trace == nil)
        event.traceparent = Self.valid
        #expect(event.header.trace?.traceID == "0af7651916cd43dd8448eb211c80319c")
    }
}
