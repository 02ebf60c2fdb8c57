import Domain
import Timestamps
import Testing

@Suite("Certification lifecycle")
struct CertificationLifecycleTests {
    let tcps = CertificationLifecycle(definition: StandardCatalogue.default[.tcps])
    let foodSerial = CertificationLifecycle(definition: StandardCatalogue.default[.fdaFoodSerial])

    @Test("a มผช. application walks its steps to certification and on to renewal")
    func happyPath() throws {
        let path: [CertificationState] = [.planned, .gapAnalysis, .applied, .siteInspection, .labTesting,
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
                                                               reason: "a reason is required", reasonTH: "ต้องระบุเหตุผล", field: "reason")) {
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

@Suite("Step reports checked by the lifecycle")
struct StepReportRulesTests {
    let tcps = CertificationLifecycle(definition: StandardCatalogue.default[.tcps])
    let tis = CertificationLifecycle(definition: StandardCatalogue.default[.tis])
    let from = CivilDate("2027-04-20")!
    let until = CivilDate("2030-04-19")!

    @Test("an issue needs its number and dates; the standing carries them")
    func issue() throws {
        let issued = try tcps.apply(ReportedStep(step: .certified, number: "มผช. 321/2570", validFrom: from, validUntil: until),
                                    to: CertificateStanding(state: .labTesting))
        #expect(issued == CertificateStanding(state: .certified, number: "มผช. 321/2570", validFrom: from, validUntil: until))
        let noNumber = try #require(throws: CertificationLifecycle.TransitionError.self) {
            try tcps.apply(ReportedStep(step: .certified, validFrom: from, validUntil: until), to: CertificateStanding(state: .labTesting))
        }
        #expect(noNumber.reason == "an issued certificate needs its number")
        #expect(throws: CertificationLifecycle.TransitionError.self) {
            try tcps.apply(ReportedStep(step: .certified, number: "1", validFrom: from), to: CertificateStanding(state: .labTesting))
        }
        #expect(throws: CertificationLifecycle.TransitionError.self) {
            try tcps.apply(ReportedStep(step: .certified, number: "1", validFrom: until, validUntil: from), to: CertificateStanding(state: .labTesting))
        }
        // มอก. licences do not expire: no validUntil.
        let expiring = try #require(throws: CertificationLifecycle.TransitionError.self) {
            try tis.apply(ReportedStep(step: .certified, number: "1", validFrom: from, validUntil: until), to: CertificateStanding(state: .labTesting))
        }
        #expect(expiring.reason == "tis does not expire: leave validUntil out")
    }

    @Test("a renewal moves the expiry later and keeps the number unless a new one is given")
    func renewal() throws {
        let current = CertificateStanding(state: .renewalDue, number: "มผช. 321/2570", validFrom: from, validUntil: until)
        let renewed = try tcps.apply(ReportedStep(step: .certified, validUntil: CivilDate("2033-04-19")!), to: current)
        #expect(renewed == CertificateStanding(state: .certified, number: "มผช. 321/2570", validFrom: CivilDate("2030-04-20")!,
                                               validUntil: CivilDate("2033-04-19")!))
        #expect(throws: CertificationLifecycle.TransitionError.self) {
            try tcps.apply(ReportedStep(step: .certified, validUntil: until), to: current)
        }
    }

    @Test("numbers and dates go with certified only; the tracker's own steps are not reported")
    func misplacedFacts() throws {
        let refused = try? tcps.apply(ReportedStep(step: .applied, number: "1"), to: CertificateStanding(state: .planned))
        #expect(refused == nil)
        let planned = try? tcps.apply(ReportedStep(step: .expired), to: CertificateStanding(state: .certified, validUntil: until))
        #expect(planned == nil)
        let jump = try #require(throws: CertificationLifecycle.TransitionError.self) {
            try tcps.apply(ReportedStep(step: .certified, number: "1", validFrom: from, validUntil: until), to: CertificateStanding(state: .planned))
        }
        #expect(jump.description == "tcps: cannot move from planned to certified: not a step that follows planned for this standard")
    }
}
