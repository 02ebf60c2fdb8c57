// swift-tools-version:6.2
// OTOP STI Upgrade Matching: four services, an operator CLI and the libraries they share.
import PackageDescription

/// Every target compiles in Swift 6 mode (complete strict concurrency) with the same upcoming features.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let log = Target.Dependency.product(name: "Logging", package: "swift-log")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")

let package = Package(
    name: "otop-sti",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "intake", targets: ["intake"]),
        .executable(name: "matching", targets: ["matching"]),
        .executable(name: "certification", targets: ["certification"]),
        .executable(name: "notifications", targets: ["notifications"]),
        .executable(name: "otopctl", targets: ["otopctl"]),
        .executable(name: "portal", targets: ["portal"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // STARTTLS for SMTP (already built as a dependency of async-http-client).
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // LINE Messaging API and the SMS gateway over HTTPS.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // Message templates in files (Thai and English).
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // W3C traceparent parsing and ids; its one dependency (swift-collections) is already in the graph.
        .package(url: "https://github.com/swift-otel/swift-w3c-trace-context.git", from: "1.0.0"),
        // Bearer JWTs from organisations' own identity providers (RS/ES/PS signatures, JWKS, claims).
        // Brings swift-crypto and swift-certificates: verifying RSA and ECDSA signatures by hand is not an option.
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        // SHA-256 for the portal's session-token digests and password pre-hash; AES-GCM, HMAC and HKDF for
        // sign-in codes and LINE webhook signatures (already built for jwt-kit).
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"6.0.0"),
        // CSV for intake's bulk import: parses by Unicode scalar (SwiftCSV's grapheme clusters merge a
        // comma with a following Thai vowel sign), strips the UTF-8 BOM, reports bad UTF-8; no dependencies.
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        // The portal's passwords: bcrypt only (the HummingbirdBcrypt product; nothing else of hummingbird-auth).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
    ],
    targets: [
        // MARK: C libraries (system library targets, found with pkg-config)
        .systemLibrary(name: "CRdKafka", path: "Libraries/CRdKafka", pkgConfig: "rdkafka",
                       providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(name: "CLibPQ", path: "Libraries/CLibPQ", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),

        // MARK: Libraries
        .target(name: "Kafka", dependencies: ["CRdKafka", log, metrics],
                path: "Libraries/Kafka", swiftSettings: swiftSettings),
        .target(name: "Timestamps", path: "Libraries/Timestamps", swiftSettings: swiftSettings),
        .target(name: "Postgres", dependencies: ["CLibPQ", "Timestamps", log],
                path: "Libraries/Postgres", swiftSettings: swiftSettings),
        .target(name: "Domain", dependencies: ["Timestamps"], path: "Libraries/Domain",
                resources: [.copy("Resources/provinces.csv"), .copy("Resources/standards.json"), .copy("Resources/regions.json"),
                            .copy("Resources/coupons.json"), .copy("Resources/programme.json"), .copy("Resources/support-types.json")],
                swiftSettings: swiftSettings),
        .target(name: "Allocation", path: "Libraries/Allocation", swiftSettings: swiftSettings),
        .target(name: "Contracts", dependencies: ["Domain", "Timestamps",
                                                  .product(name: "W3CTraceContext", package: "swift-w3c-trace-context")],
                path: "Libraries/Contracts", swiftSettings: swiftSettings),
        .target(name: "Messaging", dependencies: ["Kafka", "Postgres", "Contracts", "Domain", log, metrics, lifecycle],
                path: "Libraries/Messaging", swiftSettings: swiftSettings),
        .target(name: "CodeSealing", dependencies: ["Domain", .product(name: "Crypto", package: "swift-crypto")],
                path: "Libraries/CodeSealing", swiftSettings: swiftSettings),
        .target(name: "SMTP", dependencies: [nioCore, nioPosix, log, .product(name: "NIOSSL", package: "swift-nio-ssl"),
                                             .product(name: "NIOTLS", package: "swift-nio")],
                path: "Libraries/SMTP", swiftSettings: swiftSettings),
        .target(name: "ServiceRuntime",
                dependencies: ["Kafka", "Postgres", "Messaging", "Contracts", "Domain", log, metrics, lifecycle, hummingbird,
                               .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                               .product(name: "Prometheus", package: "swift-prometheus")],
                path: "Libraries/ServiceRuntime", swiftSettings: swiftSettings),

        // MARK: Services (a library with the service's logic + a thin executable)
        .target(name: "IntakeService",
                dependencies: ["ServiceRuntime", "Messaging", "Contracts", "Domain", "Postgres", "Kafka", "Timestamps", hummingbird, log,
                               .product(name: "HTTPTypes", package: "swift-http-types"),
                               .product(name: "JWTKit", package: "jwt-kit"), nioCore,
                               .product(name: "CSV", package: "CSV.swift"),
                               "CodeSealing", .product(name: "Crypto", package: "swift-crypto"), lifecycle],
                path: "Services/intake/Service",
                // The OpenAPI document's frame, and each resource's part of it beside its code (the
                // document assembles every `*.openapi.json` in the bundle: add a resource's file here).
                resources: [.copy("Migrations"), .copy("HTTP/OpenAPI/openapi.json")] + [
                    "AccessLog/access-log",
                    "APIClients/api-clients", "Budgets/budgets", "Certificates/certificates", "Commands/commands",
                    "Contacts/contacts", "Enterprises/enterprises", "Imports/imports", "KPIs/kpis",
                    "OfficerContacts/officer-contacts", "Proposals/proposals", "Providers/providers", "Requests/requests",
                    "Reports/reports", "Rounds/rounds", "NotificationFailures/notification-failures", "Queues/queues",
                    "Operations/operations", "SignIn/sign-in", "LineLinks/line-links", "LineWebhook/line-webhook",
                    "EnterpriseApplications/enterprise-applications",
                ].map { .copy("\($0).openapi.json") },
                swiftSettings: swiftSettings),
        .executableTarget(name: "intake", dependencies: ["IntakeService"],
                          path: "Services/intake/Main", swiftSettings: swiftSettings),
        .target(name: "MatchingService",
                dependencies: ["ServiceRuntime", "Messaging", "Contracts", "Domain", "Allocation", "Postgres", "Kafka", log],
                path: "Services/matching/Service",
                resources: [.copy("Migrations"), .copy("Resources/scoring.json")],
                swiftSettings: swiftSettings),
        .executableTarget(name: "matching", dependencies: ["MatchingService"],
                          path: "Services/matching/Main", swiftSettings: swiftSettings),
        .target(name: "CertificationService",
                dependencies: ["ServiceRuntime", "Messaging", "Contracts", "Domain", "Postgres", "Kafka", log],
                path: "Services/certification/Service", resources: [.copy("Migrations")], swiftSettings: swiftSettings),
        .executableTarget(name: "certification", dependencies: ["CertificationService"],
                          path: "Services/certification/Main", swiftSettings: swiftSettings),
        .target(name: "NotificationsService",
                dependencies: ["ServiceRuntime", "Messaging", "Contracts", "Domain", "SMTP", "CodeSealing", "Postgres", "Kafka", log, metrics,
                               lifecycle,
                               nioCore, .product(name: "NIOHTTP1", package: "swift-nio"),
                               .product(name: "AsyncHTTPClient", package: "async-http-client"),
                               .product(name: "Mustache", package: "swift-mustache")],
                path: "Services/notifications/Service", resources: [.copy("Migrations"), .copy("Resources/Templates")],
                swiftSettings: swiftSettings),
        .executableTarget(name: "notifications", dependencies: ["NotificationsService"],
                          path: "Services/notifications/Main", swiftSettings: swiftSettings),
        // The web portal: server-rendered pages, a client of intake's API (never Kafka, never another schema).
        .target(name: "PortalService",
                dependencies: ["ServiceRuntime", "Domain", "Postgres", "Timestamps", hummingbird, log, metrics, lifecycle, nioCore,
                               .product(name: "AsyncHTTPClient", package: "async-http-client"),
                               .product(name: "Mustache", package: "swift-mustache"),
                               .product(name: "JWTKit", package: "jwt-kit"),
                               .product(name: "Crypto", package: "swift-crypto"),
                               .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                               .product(name: "Prometheus", package: "swift-prometheus")],
                path: "Services/portal/Service",
                resources: [.copy("Migrations"), .copy("Resources/Templates"), .copy("Resources/Assets")],
                swiftSettings: swiftSettings),
        .executableTarget(name: "portal", dependencies: ["PortalService"],
                          path: "Services/portal/Main", swiftSettings: swiftSettings),
        .executableTarget(name: "otopctl",
                          dependencies: ["Allocation", "Domain", "Contracts", "Kafka", "Postgres", "Messaging", "Timestamps",
                                         "IntakeService", "MatchingService", "CertificationService", "NotificationsService",
                                         "PortalService", argumentParser, log],
                          path: "Services/otopctl", swiftSettings: swiftSettings),

        // MARK: Tests
        // Shared by the test targets: polling with a deadline, loopback ports, the test environment, a
        // manual clock, throwaway databases, the consumer harness (events through the inbox processor),
        // and the checks that hold a consumer's routes to docs/events.md and to its service's code.
        .target(name: "TestSupport", dependencies: [metrics, log, "Postgres", "Kafka", "Contracts", "Domain", "Messaging"],
                path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "KafkaTests", dependencies: ["TestSupport", "Kafka", "CRdKafka"], swiftSettings: swiftSettings),
        .testTarget(name: "PostgresTests", dependencies: ["TestSupport", "Postgres", "Allocation"], swiftSettings: swiftSettings),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "Timestamps"], swiftSettings: swiftSettings),
        .testTarget(name: "AllocationTests", dependencies: ["Allocation"], swiftSettings: swiftSettings),
        .testTarget(name: "ContractsTests", dependencies: ["TestSupport", "Contracts", "Domain"], swiftSettings: swiftSettings),
        .testTarget(name: "CodeSealingTests", dependencies: ["CodeSealing"], swiftSettings: swiftSettings),
        .testTarget(name: "MessagingTests", dependencies: ["TestSupport", "Messaging", "Kafka", "Postgres", "Contracts", "Domain", lifecycle],
                    swiftSettings: swiftSettings),
        .testTarget(name: "SMTPTests", dependencies: ["TestSupport", "SMTP", "Allocation", "Domain"], swiftSettings: swiftSettings),
        .testTarget(name: "ServiceRuntimeTests", dependencies: ["TestSupport", "ServiceRuntime", "Messaging", "Postgres", "Kafka", "Contracts", log,
                                                              hummingbird, .product(name: "Prometheus", package: "swift-prometheus")],
                    swiftSettings: swiftSettings),
        // Intake's routes in process (HummingbirdTesting) against the real PostgreSQL; the broker only for the
        // operators' dead-letter counts (KAFKA_BROKERS, and a private tansu from OTOP_VENV).
        .testTarget(name: "IntakeTests", dependencies: ["TestSupport", "IntakeService", "CodeSealing", "Domain", "Contracts", "Postgres", "Messaging",
                                                      "Kafka", "ServiceRuntime", "Timestamps", hummingbird, log,
                                                      .product(name: "HummingbirdTesting", package: "hummingbird"),
                                                      .product(name: "Prometheus", package: "swift-prometheus"),
                                                      .product(name: "JWTKit", package: "jwt-kit"),
                                                      .product(name: "HTTPTypes", package: "swift-http-types")],
                    swiftSettings: swiftSettings),
        .testTarget(name: "MatchingTests", dependencies: ["TestSupport", "MatchingService", "Messaging", "Postgres", "Contracts",
                                                       "Domain", "Kafka", "Allocation", log],
                    swiftSettings: swiftSettings),
        .testTarget(name: "CertificationTests",
                    dependencies: ["TestSupport", "CertificationService", "Domain", "Contracts", "Messaging", "Postgres", "Kafka", "Timestamps",
                                   log, lifecycle],
                    swiftSettings: swiftSettings),
        .testTarget(name: "NotificationsTests", dependencies: ["TestSupport", "NotificationsService", "CodeSealing", "Domain", "Contracts", "SMTP", "ServiceRuntime",
                                                            "Postgres", "Messaging", "Kafka", log, metrics,
                                                            .product(name: "AsyncHTTPClient", package: "async-http-client")],
                    swiftSettings: swiftSettings),
        // The portal's own logic (sessions, CSRF, throttling, passwords, labels, charts) against the real PostgreSQL.
        .testTarget(name: "PortalTests", dependencies: ["TestSupport", "PortalService", "Postgres", "Domain", "ServiceRuntime",
                                                      .product(name: "HummingbirdTesting", package: "hummingbird"),
                                                      .product(name: "JWTKit", package: "jwt-kit"),
                                                      .product(name: "AsyncHTTPClient", package: "async-http-client"),
                                                      .product(name: "Prometheus", package: "swift-prometheus"),
                                                      hummingbird, log, nioCore],
                    swiftSettings: swiftSettings),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "Contracts", "Domain", "Timestamps", "Kafka", "Postgres", "Allocation"],
                    swiftSettings: swiftSettings),
    ]
)
