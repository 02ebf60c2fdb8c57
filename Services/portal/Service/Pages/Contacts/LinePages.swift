import Domain
import Foundation
import Hummingbird
import NIOHTTP1

/// LINE linking (`/my/line`): a signed-in contact person makes a short code (`POST /v1/line-links`
/// for their own contact index), sees it large with the programme's LINE official account, and sends
/// it there as a message; intake's webhook then links their LINE account, and the page, reloaded,
/// says "linked" (their `lineUserId` on `GET /v1/contacts/{partyId}`).
struct LinePages: Sendable {
    let portal: Portal

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("/my/line", use: line)
        group.post("/my/line", use: makeCode)
    }

    @Sendable func line(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await linePage(request, context, link: nil)
    }

    /// A linking code intake made (`POST /v1/line-links`).
    struct LinkCode: Decodable {
        var code: String
        var expiresAt: Date
    }

    /// The page; with `link`, the code just made, shown large with what to do with it.
    func linePage(_ request: Request, _ context: PortalRequestContext, link: LinkCode?) async throws -> Response {
        let (session, contact) = try portal.requireContact(context, .enterprise, .provider)
        let t = Labels.table(context.language)
        let contacts = try await portal.intake.get("/v1/contacts/\(contact.partyID.lowercased)", as: IntakeContacts.self, session: session)
        let person = contacts.contacts.indices.contains(contact.contactIndex) ? contacts.contacts[contact.contactIndex] : nil
        let linked = person?.lineUserId != nil
        var sections = [Section(heading: t["lineStatus"]!, id: "status", note: linked ? t["lineLinked"] : t["lineNotLinked"])]
        if let link {
            let steps = t["lineSendCode"]!.replacingOccurrences(of: "{account}", with: portal.configuration.lineAccountID)
                .replacingOccurrences(of: "{until}", with: Format.dateTime(link.expiresAt, context.language))
            sections.append(Section(heading: t["lineYourCode"]!, id: "code", note: steps, links: [Link(text: t["lineCheckLinked"]!, href: "/my/line")],
                                    highlight: link.code))
        } else {
            let intro = t["lineHowTo"]!.replacingOccurrences(of: "{account}", with: portal.configuration.lineAccountID)
            sections.append(Section(heading: linked ? t["lineLinkAgain"]! : t["lineLinkHeading"]!, id: "link", note: intro,
                                    forms: [FormSpec(action: "/my/line", fields: [], submit: t["lineMakeCode"]!)]))
        }
        return await portal.render(sectionsPage(title: "navMyLine", heading: t["navMyLine"]!, sections: sections), request, context)
    }

    @Sendable func makeCode(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context, limit: 16 * 1024)
        let (_, contact) = try portal.requireContact(context, .enterprise, .provider)
        let answer = try await portal.intake.send(.POST, "/v1/line-links", json: ["contactIndex": contact.contactIndex],
                                                  idempotencyKey: Portal.idempotencyKey(form), session: session)
        let link: LinkCode
        do {
            link = try answer.decode(LinkCode.self)
        } catch {
            throw IntakeProblem(status: 502, title: "intake's linking code could not be read", detail: "/v1/line-links")
        }
        // Shown on the answer to the POST itself: a code never goes into a URL (history, logs).
        return try await linePage(request, context, link: link)
    }
}
