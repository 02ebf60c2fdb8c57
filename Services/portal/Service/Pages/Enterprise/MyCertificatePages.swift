import Domain
import Foundation
import Hummingbird

/// The enterprise's certificates (`/my/certificates`; issue 15, point 3): each with its standard,
/// product, state, valid until, and the next step in plain words (the label catalogue's
/// `certificateNext_<state>`: who acts, and for a certificate in force, when to renew); each links to
/// `/my/certificates/{id}`. Intake answers only the enterprise's own (`GET /v1/certificates?enterpriseId=`).
struct MyCertificatePages: Sendable {
    let portal: Portal

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("/my/certificates", use: list)
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (session, contact) = try portal.requireContact(context, .enterprise)
        let language = context.language
        let t = Labels.table(language), names = Names(language: language)
        let cursor = request.uri.queryParameters["cursor"].map(String.init)
        let page = try await portal.intake.get("/v1/certificates", [("enterpriseId", contact.partyID.lowercased), ("limit", "50"), ("cursor", cursor)],
                                               as: IntakePage<IntakeCertificate>.self, session: session)
        let rows = page.items.map { certificate -> [Table.Cell] in
            [.init(text: names.standard(certificate.standard), href: "/my/certificates/\(certificate.id.lowercased)"),
             .init(text: certificate.productName ?? "—"),
             .init(text: language == .th ? certificate.stateNameTH : certificate.stateNameEN),
             .init(text: Format.day(certificate.validUntil, language) ?? "—"),
             .init(text: t["certificateNext_\(certificate.state)"] ?? "—")]
        }
        let table = Table(caption: t["navMyCertificates"]!, columns: [t["standard"]!, t["product"]!, t["state"]!, t["validUntil"]!, t["nextStep"]!],
                          rows: rows, empty: t["myNoCertificates"]!, next: page.nextCursor.map { "/my/certificates?cursor=\($0)" })
        return await portal.render(sectionsPage(title: "navMyCertificates", heading: t["navMyCertificates"]!, intro: t["myCertificatesIntro"],
                                                sections: [Section(heading: t["navMyCertificates"]!, id: "certificates", table: table)]),
                                   request, context)
    }
}
