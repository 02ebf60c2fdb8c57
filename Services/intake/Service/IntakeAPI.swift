import Domain
import Foundation
import Hummingbird
import Messaging
import Postgres
import ServiceRuntime

/// Intake's HTTP API (documented in `/openapi.json`): the router that mounts one controller per
/// resource (each in its folder with its bodies, store, views and part of the document). Writes
/// answer 201 when intake owns the result and 202 when other services act on it (the resource's
/// state catches up from events).
///
/// Every route gets the same treatment from the router's middleware (docs/api.md): problems in
/// Thai or English, 405 with `Allow` and `HEAD` from the route table, 413/422 for oversized bodies
/// and control characters, authentication (API keys and JWTs), `Idempotency-Key` on every `POST`.
/// Adding a resource is a folder with its controller and one line in ``router(operations:)``.
public struct IntakeAPI: Sendable {
    let clients: ClientStore
    let certification: CertificationStore
    /// The pool the stores share.
    let pool: PostgresPool
    let notifier: OutboxNotifier
    let jwt: JWTVerifier?
    /// How long work may wait before the officers' queues count it.
    let queueThresholds: QueueThresholds
    /// The broker's dead letters per topic (operators' page); `nil` without a broker.
    let deadLetters: DeadLetterGauge?
    /// The router's routes, once built (for `Allow` and the OpenAPI completeness test).
    let routeTable = RouteTable()
    /// Where the routes read the time (a `ManualClock` in route tests).
    let clock: any WallClock

    /// How long a retry waits for the first request with its `Idempotency-Key` to finish.
    let idempotencyWait: Duration
    /// How long the hand-off between an assigned provider and its enterprise lasts after completion.
    let handOffPolicy: HandOffPolicy
    /// Sign-in codes, LINE linking codes and the LINE webhook.
    let signIn: SignInSettings

    public init(pool: PostgresPool, notifier: OutboxNotifier, clients: ClientStore, jwt: JWTVerifier?,
                certification: CertificationStore, idempotencyWait: Duration = IdempotencyMiddleware.defaultWait,
                handOff: HandOffPolicy = HandOffPolicy(), signIn: SignInSettings = .off,
                queueThresholds: QueueThresholds = QueueThresholds(), deadLetters: DeadLetterGauge? = nil,
                clock: any WallClock = .system) {
        self.queueThresholds = queueThresholds
        self.deadLetters = deadLetters
        self.idempotencyWait = idempotencyWait
        self.handOffPolicy = handOff
        self.signIn = signIn
        self.certification = certification
        self.pool = pool
        self.notifier = notifier
        self.clients = clients
        self.jwt = jwt
        self.clock = clock
    }

    /// The router: public documentation and health routes, then `/v1` behind authentication.
    public func router(operations: OperationsRoutes) -> Router<IntakeRequestContext> {
        let router = Router(context: IntakeRequestContext.self, options: [.autoGenerateHeadEndpoints])
        router.add(middleware: TraceMiddleware())
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: RequestGuardMiddleware(routes: routeTable))
        operations.add(to: router)
        OpenAPIDocument.addRoute(to: router)
        let idempotent = IdempotencyMiddleware(store: IdempotencyStore(pool: pool), inProgressWait: idempotencyWait)
        let v1 = router.group("v1")
            .add(middleware: AuthenticationMiddleware(clients: clients, jwt: jwt))
            .add(middleware: idempotent)
        let enterprises = EnterpriseStore(pool: pool), providers = ProviderStore(pool: pool)
        let commands = CommandPublisher(pool: pool, clock: clock)
        let handOff = HandOff(pool: pool, policy: handOffPolicy, clock: clock)
        let requests = RequestsController(requests: RequestStore(pool: pool, notifier: notifier), clients: clients, handOff: handOff,
                                          clock: clock)
        EnterprisesController(enterprises: enterprises, catalogue: certification.catalogue, handOff: handOff, clock: clock)
            .addRoutes(to: v1)
        ProvidersController(providers: providers, handOff: handOff, clock: clock).addRoutes(to: v1)
        ContactsController(contacts: ContactStore(pool: pool), handOff: handOff, clock: clock).addRoutes(to: v1)
        requests.addRoutes(to: v1)
        APIClientsController(clients: clients, enterprises: enterprises, providers: providers).addRoutes(to: v1)
        ProposalsController(proposals: ProposalStore(pool: pool), commands: commands, clock: clock).addRoutes(to: v1)
        RequestActionsController(providers: providers, commands: commands, pool: pool, clock: clock).addRoutes(to: v1)
        BudgetsController(budgets: BudgetStore(pool: pool), commands: commands, clock: clock).addRoutes(to: v1)
        RoundsController(rounds: RoundStore(pool: pool), clock: clock).addRoutes(to: v1)
        CertificatesController(certification: certification, enterprises: enterprises, clock: clock).addRoutes(to: v1)
        KPIsController(catalogue: certification.catalogue, pool: pool, clock: clock).addRoutes(to: v1)
        OfficerContactsController(officers: OfficerContactStore(pool: pool), contacts: ContactStore(pool: pool), clock: clock)
            .addRoutes(to: v1)
        ImportsController(pool: pool, clock: clock).addRoutes(to: v1)
        ReportsController(pool: pool, clock: clock).addRoutes(to: v1)
        AccessLogController(log: handOff.log).addRoutes(to: v1)
        NotificationFailuresController(failures: NotificationFailureStore(pool: pool), clock: clock).addRoutes(to: v1)
        QueuesController(queues: QueueStore(pool: pool), thresholds: queueThresholds, clock: clock).addRoutes(to: v1)
        OperationsController(deadLetters: deadLetters, clock: clock).addRoutes(to: v1)
        // The busiest route checks revocation in its own first statement (RequestStore.submit), so its
        // middleware may take an API-key client from the cache: one round trip less per submission.
        requests.addSubmission(to: router.group("v1")
            .add(middleware: AuthenticationMiddleware(clients: clients, jwt: jwt, revocation: .checkedByRoute))
            .add(middleware: idempotent))
        // Sign-in and LINE linking (issue 15): the sign-in routes and enterprises' self-registration
        // serve the portal's service client only; the LINE webhook is signed by LINE, not
        // authenticated with a bearer token.
        LineLinksController(pool: pool, settings: signIn, clock: clock).addRoutes(to: v1)
        let portalOnly = router.group("v1")
            .add(middleware: AuthenticationMiddleware(clients: clients, jwt: jwt, callers: .portal))
            .add(middleware: idempotent)
        SignInController(pool: pool, settings: signIn, clock: clock).addRoutes(to: portalOnly)
        EnterpriseApplicationsController(enterprises: enterprises, pool: pool, settings: signIn, clock: clock).addRoutes(to: portalOnly)
        LineWebhookController(pool: pool, settings: signIn, clock: clock).addRoutes(to: router)
        routeTable.load(from: router)
        return router
    }
}
