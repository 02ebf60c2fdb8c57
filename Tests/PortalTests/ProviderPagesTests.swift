import Foundation
import HTTPTypes
@testable import PortalService
import Postgres
import Testing

/// The provider's pages (issue 15 point 4) and who they are for, served in process (no intake: a
/// page that would call it is reached only by those it admits).
@Suite struct ProviderPagesTests {
    static let enterprise = ContactPrincipal(party: .enterprise, partyID: UUID(), contactIndex: 0, name: "นางสมศรี ใจดี",
                                             partyName: "วิสาหกิจชุมชนแม่ริม")

    func session(_ pool: PostgresPool, _ principal: Session.Principal) async throws -> String {
        try await SessionStore(pool: pool, idle: .seconds(1800), absolute: .seconds(43200))
            .open(principal, language: .th, userAgent: nil).token
    }

    @Test func anEnterpriseIsRefusedTheProviderOnlyPagesAndItsProposalLinkGoesToTheEnterpriseView() async throws {
        try await PortalFixture.with { fixture in
            let token = try await session(fixture.pool, .contact(Self.enterprise))
            try await fixture.serve { browser in
                browser.setCookie(SessionCookie.name, token)
                for path in ["/my/proposals", "/my/work", "/my/work/0b4e9c0e-57a4-4e5c-9d0a-3f1a2b3c4d5e", "/my/capacity"] {
                    let status = try await browser.get(path).status
                    #expect(status == .forbidden, "\(path)")
                }
                // The enterprise's view of a proposal is the enterprise pages', never the provider's: it asks intake for the
                // proposal (this fixture runs no intake, so the page says the service is unavailable).
                let proposal = try await browser.get("/my/proposals/0b4e9c0e-57a4-4e5c-9d0a-3f1a2b3c4d5e")
                #expect(proposal.status == .serviceUnavailable)
                #expect(!proposal.html.contains("/accept"))
            }
        }
    }

    @Test func anOfficerIsRefusedTheContactPersonsPages() async throws {
        try await PortalFixture.with { fixture in
            let account = try await fixture.account("officer.pages")
            let token = try await session(fixture.pool, .account(account))
            try await fixture.serve { browser in
                browser.setCookie(SessionCookie.name, token)
                for path in ["/my/proposals", "/my/work", "/my/capacity", "/my/line", "/my/certificates/0b4e9c0e-57a4-4e5c-9d0a-3f1a2b3c4d5e"] {
                    let status = try await browser.get(path).status
                    #expect(status == .forbidden, "\(path)")
                }
            }
        }
    }

    @Test func aPhoneOnRecordBecomesATelLink() {
        #expect(ProviderWorkPages.telephone("+66812345678") == "tel:+66812345678")
        #expect(ProviderWorkPages.telephone("081-234-5678") == "tel:0812345678")
    }
}
