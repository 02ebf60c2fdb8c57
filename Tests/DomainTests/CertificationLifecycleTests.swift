import Domain
import Testing

@Suite("Certification lifecycle")
struct CertificationLifecycleTests {
    let tcps = CertificationLifecycle(definition: StandardCatalogue.default[.tcps])
    let foodSerial = CertificationLifecycle(definition: StandardCatalogue.default[.fdaFoodSerial])

    @Test("a มผช. application walks its steps to certification and on to renewal")
    func happyPath() throws {
        let path: [CertificationState] = [.planned, .applied, .siteInspection, .labTesting, .committee,
                                          .certified, .surveillance, .renewalDue, .certified]
        for (from, to) in zip(path, path.dropFirst()) {
            try tcps.validate(from: from, to: to, reason: nil)
        }
    }

    @Test("steps cannot go backwards, and steps the standard does not have are refused")
    func refusals() {
        #expect(throws: CertificationLifecycle.TransitionError.self) {
            try tcps.validate(from: .labTesting, to: .siteInspection, reason: nil)
        }
        // อย. numbers have no lab-testing step and never expire.
        #expect(throws: CertificationLifecycle.TransitionError.self) {
            try foodSerial.validate(from: .applied, to: .labTesting, reason: nil)
        }
        #expect(throws: CertificationLifecycle.TransitionError.self) {
            try foodSerial.validate(from: .certified, to: .expired, reason: nil)
        }
        #expect(throws: CertificationLifecycle.TransitionError.self) {
            try tcps.validate(from: .cancelled, to: .applied, reason: nil)
        }
    }

    @Test("rejection needs a reason, and a rejected producer may apply again")
    func rejection() throws {
        #expect(throws: CertificationLifecycle.TransitionError(standard: .tcps, from: .siteInspection, to: .rejected,
                                                               reason: "a reason is required")) {
            try tcps.validate(from: .siteInspection, to: .rejected, reason: "  ")
        }
        try tcps.validate(from: .siteInspection, to: .rejected, reason: "สถานที่ผลิตไม่ถูกสุขลักษณะ")
        try tcps.validate(from: .rejected, to: .applied, reason: nil)
    }

    @Test("every standard in the catalogue can reach certification from planning")
    func everyStandardReachable() throws {
        for code in StandardCode.allCases {
            let lifecycle = CertificationLifecycle(definition: StandardCatalogue.default[code])
            var state = CertificationState.planned
            for step in StandardCatalogue.default[code].steps + [.certified] {
                try lifecycle.validate(from: state, to: step, reason: nil)
                state = step
            }
            #expect(state == .certified)
        }
    }
}
