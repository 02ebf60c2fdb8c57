import ArgumentParser
import Domain
import Foundation
import PortalService
import Postgres
import ServiceRuntime

/// `otopctl account create|list|reset-password|disable|enable|jwks`: the portal's accounts (officers
/// and operators), through the portal's own ``AccountStore`` (the same user-name rules, password
/// policy and bcrypt), for the first operator and when the portal is out of reach. Passwords come
/// from `OTOP_ACCOUNT_PASSWORD` or one line on standard input, never from an argument.
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account", abstract: "Create and change the portal's accounts (officers, operators).",
        subcommands: [Create.self, List.self, ResetPassword.self, Disable.self, Enable.self, JWKS.self])

    static func withAccounts(_ body: (AccountStore, SignInAudit) async throws -> Void) async throws {
        let logger = CommandEnvironment.logger
        let pool = PostgresPool(configuration: try CommandEnvironment.postgres(), maxConnections: 2, logger: logger)
        do {
            try await PortalService.migrator().migrate(on: pool, logger: logger)
            let cost = UInt8(ProcessInfo.processInfo.environment["PORTAL_BCRYPT_COST"].flatMap(Int.init).map { min(max($0, 10), 16) } ?? 12)
            try await body(AccountStore(pool: pool, hasher: PasswordHasher(cost: cost)), SignInAudit(pool: pool, logger: logger))
        } catch {
            await pool.close()
            throw error
        }
        await pool.close()
    }

    static func password() throws -> String {
        if let password = ProcessInfo.processInfo.environment["OTOP_ACCOUNT_PASSWORD"], !password.isEmpty { return password }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw CommandError("no password: set OTOP_ACCOUNT_PASSWORD or give it on standard input")
        }
        return line
    }

    static func explain(_ failure: AccountStore.Failure) -> CommandError {
        switch failure {
        case .usernameTaken: CommandError("that user name is taken")
        case .invalidUsername: CommandError("user names are 3–64 letters, digits, '.', '_', '-' or '@'")
        case .invalidDisplayName: CommandError("the display name must be 1–200 characters")
        case .regionForOperator: CommandError("--region is only for officers")
        case .password(let refusal): CommandError("the password is refused: \(refusal.rawValue) (docs/portal.md, password policy)")
        case .notFound: CommandError("no such account")
        }
    }

    static func account(_ store: AccountStore, _ username: String) async throws -> Account {
        guard let account = try await store.account(username: username) else { throw CommandError("no account named \(username)") }
        return account
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account (password from OTOP_ACCOUNT_PASSWORD or stdin).")
        @Option(help: "The user name people type to sign in.") var username: String
        @Option(help: "The name pages show.") var name: String
        @Option(help: "officer or operator.") var role: String
        @Option(help: "An officer's region (north, northeast, central, east, west, south); none: every region.") var region: String?
        @Flag(help: "Ask for a new password at the first sign-in.") var mustChange = false

        func run() async throws {
            guard let role = Account.Role(rawValue: role) else { throw CommandError("--role must be officer or operator") }
            let scope = try region.map { text in
                guard let region = Region(rawValue: text) else { throw CommandError("--region must be one of \(Region.allCases.map(\.rawValue))") }
                return region
            }
            let password = try AccountCommand.password()
            try await AccountCommand.withAccounts { store, audit in
                do {
                    let account = try await store.create(username: username, displayName: name, role: role, region: scope,
                                                         password: password, mustChangePassword: mustChange)
                    try await audit.record(.accountCreated, account: account.id, address: "otopctl")
                    print("id: \(account.id.lowercased)  \(account.username)  \(account.role.rawValue)\(account.region.map { " \($0.rawValue)" } ?? "")")
                } catch let failure as AccountStore.Failure {
                    throw AccountCommand.explain(failure)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")
        func run() async throws {
            try await AccountCommand.withAccounts { store, _ in
                for account in try await store.all() {
                    print("\(account.id.lowercased)  \(account.username)  \(account.role.rawValue)  "
                          + "\(account.region?.rawValue ?? "-")  \(account.disabledAt == nil ? "active" : "disabled")  \(account.displayName)")
                }
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-password",
                                                        abstract: "Set a new password (asked again at the next sign-in); ends the account's sessions.")
        @Argument var username: String
        func run() async throws {
            let password = try AccountCommand.password()
            try await AccountCommand.withAccounts { store, audit in
                let account = try await AccountCommand.account(store, username)
                do {
                    try await store.setPassword(account.id, to: password, mustChange: true)
                } catch let failure as AccountStore.Failure {
                    throw AccountCommand.explain(failure)
                }
                try await audit.record(.passwordReset, account: account.id, address: "otopctl")
                print("password reset for \(account.username)")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account and end its sessions.")
        @Argument var username: String
        func run() async throws {
            try await AccountCommand.withAccounts { store, audit in
                let account = try await AccountCommand.account(store, username)
                try await store.setDisabled(account.id, true)
                try await audit.record(.accountDisabled, account: account.id, address: "otopctl")
                print("disabled \(account.username)")
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account.")
        @Argument var username: String
        func run() async throws {
            try await AccountCommand.withAccounts { store, audit in
                let account = try await AccountCommand.account(store, username)
                try await store.setDisabled(account.id, false)
                try await audit.record(.accountEnabled, account: account.id, address: "otopctl")
                print("enabled \(account.username)")
            }
        }
    }

    struct JWKS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the JWKS of the portal's signing key (PORTAL_JWT_PRIVATE_KEY[_FILE], PORTAL_JWT_KEY_ID), for intake's INTAKE_PORTAL_JWT_JWKS.")
        func run() async throws {
            var environment = ProcessInfo.processInfo.environment
            environment["DATABASE_URL"] = environment["DATABASE_URL"] ?? "postgresql://unused@127.0.0.1/unused"
            let configuration = try PortalConfiguration(environment: EnvironmentReader(environment), defaultHTTPPort: 8084)
            print(try await PortalTokenSigner(settings: configuration.token).jwks)
        }
    }
}
