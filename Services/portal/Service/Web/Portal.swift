import AsyncHTTPClient
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Postgres
import ServiceRuntime

/// The portal's parts, shared by every page controller: the renderer, the stores of its own schema,
/// the intake client, and the settings.
struct Portal: Sendable {
    let renderer: PageRenderer
    let accounts: AccountStore
    let sessions: SessionStore
    let throttle: SignInThrottle
    let audit: SignInAudit
    /// Verified codes that named several people, until they choose.
    let pending: PendingIdentities
    let intake: IntakeClient
    let signer: PortalTokenSigner
    let cookies: SessionCookie
    let queues: QueueCounts
    let configuration: PortalConfiguration
    let http: HTTPClient
    let logger: Logger

    /// The portal's parts from its settings, on `pool` (its schema migrated) and `http` (intake's client).
    /// Throws when the signing key cannot be used or a template does not parse.
    static func make(configuration: PortalConfiguration, pool: PostgresPool, http: HTTPClient, logger: Logger) async throws -> Portal {
        let signer = try await PortalTokenSigner(settings: configuration.token)
        let intake = IntakeClient(baseURL: configuration.intakeURL, http: http, signer: signer, logger: logger)
        return Portal(
            renderer: try PageRenderer(), accounts: AccountStore(pool: pool, hasher: PasswordHasher(cost: configuration.bcryptCost)),
            sessions: SessionStore(pool: pool, idle: configuration.sessionIdle, absolute: configuration.sessionAbsolute,
                                   remembered: configuration.sessionRemembered),
            throttle: SignInThrottle(pool: pool, policy: configuration.throttle), audit: SignInAudit(pool: pool, logger: logger),
            pending: PendingIdentities(pool: pool),
            intake: intake, signer: signer, cookies: SessionCookie(mode: configuration.secureCookies), queues: QueueCounts(intake: intake),
            configuration: configuration, http: http, logger: logger)
    }

    /// The router: public routes (sign-in, assets, keys, probes), then every signed-in page.
    func router(operations: OperationsRoutes) -> Router<PortalRequestContext> {
        let router = Router(context: PortalRequestContext.self)
        router.add(middleware: ServerTimingMiddleware())
        // The session first, so error pages too show the signed-in layout and carry the security headers.
        router.add(middleware: SessionMiddleware(sessions: sessions, trustedProxies: configuration.trustedProxies))
        router.add(middleware: ErrorPageMiddleware(portal: self))
        operations.add(to: router)
        Assets().addRoutes(to: router)
        SignInPages(portal: self).addRoutes(to: router)
        CodeSignInPages(portal: self).addRoutes(to: router)
        RegisterPages(portal: self).addRoutes(to: router)
        router.get("/.well-known/jwks.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: signer.jwks)))
        }
        let signedIn = router.group().add(middleware: RequireSession())
        HomePages(portal: self).addRoutes(to: signedIn)
        QueuePages(portal: self).addRoutes(to: signedIn)
        RequestPages(portal: self).addRoutes(to: signedIn)
        PartyPages(portal: self).addRoutes(to: signedIn)
        ProgrammePages(portal: self).addRoutes(to: signedIn)
        DashboardPages(portal: self).addRoutes(to: signedIn)
        ImportPages(portal: self).addRoutes(to: signedIn)
        OperatorPages(portal: self).addRoutes(to: signedIn)
        NewRequestPages(portal: self).addRoutes(to: signedIn)  // before MyRequestPages' /my/requests/:id
        MyRequestPages(portal: self).addRoutes(to: signedIn)
        CompletionPages(portal: self).addRoutes(to: signedIn)
        MyCertificatePages(portal: self).addRoutes(to: signedIn)
        // `/my/proposals/{id}` is both parties' link: an enterprise's session sees the enterprise's view (confirm the provider).
        let enterpriseProposals = EnterpriseProposalPages(portal: self)
        enterpriseProposals.addRoutes(to: signedIn)
        ProviderProposalPages(portal: self, enterpriseView: enterpriseProposals.proposal).addRoutes(to: signedIn)
        ProviderWorkPages(portal: self).addRoutes(to: signedIn)
        ProviderCapacityPages(portal: self).addRoutes(to: signedIn)
        ContactCertificatePages(portal: self).addRoutes(to: signedIn)
        LinePages(portal: self).addRoutes(to: signedIn)
        ContactHomePages(portal: self).addRoutes(to: signedIn)
        return router
    }

    /// Renders `page` for the request (layout with the session, navigation and queue count).
    func render(_ page: Page, _ request: Request, _ context: PortalRequestContext) async -> Response {
        let query = request.uri.queryParameters
        var count: Int?
        if let session = context.session, session.account?.role == .officer {
            count = await queues.total(session: session)
        }
        let layout = Layout.make(session: context.session, language: context.language, path: request.uri.path,
                                 query: query["q"].map(String.init), queueCount: count, notice: query["notice"].map(String.init))
        return renderer.render(page, layout)
    }

    /// A form posted by the signed-in person, its CSRF token checked.
    func form(_ request: Request, _ context: PortalRequestContext, limit: Int = 1 << 20) async throws -> (Form, Session) {
        let session = try context.requireSession()
        let form = try await Form.read(request, context: context, limit: limit)
        try CSRF.check(form, session: session)
        return (form, session)
    }

    /// The signed-in officer or operator, who must have one of `roles` (else 403, also for a contact person).
    func require(_ context: PortalRequestContext, _ roles: Account.Role...) throws -> (session: Session, user: Account) {
        let session = try context.requireSession()
        guard let account = session.account, roles.contains(account.role) else { throw HTTPError(.forbidden) }
        return (session, account)
    }

    /// The signed-in contact person of one of `parties` (else 403, also for an officer or operator).
    func requireContact(_ context: PortalRequestContext, _ parties: ContactPrincipal.Party...) throws -> (session: Session, contact: ContactPrincipal) {
        let session = try context.requireSession()
        guard let contact = session.contact, parties.contains(contact.party) else { throw HTTPError(.forbidden) }
        return (session, contact)
    }

    /// Post/Redirect/Get: back to `path` with a notice (a label key).
    func redirect(_ path: String, notice: String? = nil) -> Response {
        var target = path
        if let notice { target += (path.contains("?") ? "&" : "?") + "notice=\(notice)" }
        return Response(status: .seeOther, headers: [.location: target])
    }

    /// The idempotency key for a form: its one-time `_form` id, so a double submit replays the first answer.
    static func idempotencyKey(_ form: Form) -> String {
        "portal-" + (form["_form"].flatMap { UUID(uuidString: $0)?.lowercased } ?? UUID().lowercased)
    }
}

/// Turns errors into pages: 403 (a role or CSRF), 404 (intake's "not found", also another region's),
/// intake being unreachable (503), and anything else (500), each in the page's language with a way back.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = PortalRequestContext
    let portal: Portal

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as IntakeProblem {
            let status: HTTPResponse.Status = problem.status == 404 || problem.status == 403 ? .init(code: problem.status)
                : problem.unreachable == true ? .serviceUnavailable : .badGateway
            // A contact person's link of another party's subject: intake's 404 (or 403) says only "not yours or not found".
            if context.session?.contact != nil, problem.status == 404 || problem.status == 403 {
                return await page(status: .notFound, message: Labels.table(context.language)["error404Contact"], request, context)
            }
            return await page(status: status, message: problem.detail ?? problem.title, request, context)
        } catch let error as HTTPError {
            let message = error.body == "csrf" ? Labels.table(context.language)["errorCSRF"] : nil
            return await page(status: error.status, message: message, request, context)
        } catch {
            // Anything else (the portal's own database failing) is a 500 page; the log says what failed.
            portal.logger.error("page failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return await page(status: .internalServerError, message: nil, request, context)
        }
    }

    func page(status: HTTPResponse.Status, message: String?, _ request: Request, _ context: Context) async -> Response {
        let key: String = switch status.code {
        case 403: "error403"
        case 404: "error404"
        case 503: "error503"
        default: "errorOther"
        }
        var values: [String: Any] = ["status": status.code, "heading": Labels.table(context.language)[key] ?? key]
        if let message { values["message"] = message }
        return await portal.render(Page(template: "error", title: key, values: values, status: status), request, context)
    }
}
