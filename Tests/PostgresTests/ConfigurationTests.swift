@testable import Postgres
import Testing

/// `PostgresConfiguration(url:)` and what the configuration lets out into logs.
@Suite("PostgresConfiguration")
struct ConfigurationTests {
    @Test("A full URL sets user, password, host, port, database, sslmode, connect_timeout and application_name")
    func fullURL() throws {
        let configuration = try PostgresConfiguration(
            url: "postgresql://otop_app:s3cret@db.internal:6543/otop_intake?sslmode=require&connect_timeout=9&application_name=intake")
        #expect(configuration.user == "otop_app")
        #expect(configuration.password == "s3cret")
        #expect(configuration.host == "db.internal")
        #expect(configuration.port == 6543)
        #expect(configuration.database == "otop_intake")
        #expect(configuration.sslMode == "require")
        #expect(configuration.connectTimeoutSeconds == 9)
        #expect(configuration.applicationName == "intake")
    }

    @Test("A minimal URL keeps the defaults; postgres:// is accepted too")
    func defaults() throws {
        let configuration = try PostgresConfiguration(url: "postgres://localhost")
        #expect(configuration == PostgresConfiguration(host: "localhost"))
        #expect(configuration.port == 5432 && configuration.user == "postgres" && configuration.database == "postgres")
        #expect(configuration.password == nil && configuration.sslMode == nil)
    }

    @Test("Percent-encoded user, password and database are decoded exactly once")
    func percentEncoding() throws {
        let configuration = try PostgresConfiguration(url: "postgresql://us%40er:p%40ss%2Fw%3Ard%2541@h/db%20name")
        #expect(configuration.user == "us@er")
        #expect(configuration.password == "p@ss/w:rd%41")
        #expect(configuration.database == "db name")
    }

    @Test("Rejected with .invalidConfiguration and a message saying why", arguments: [
        ("mysql://root@localhost/otop", "scheme"),
        ("http://localhost/otop", "scheme"),
        ("postgresql:///otop", "host"),
        ("postgresql://localhost/otop?sslmod=require", "sslmod"),
        ("postgresql://localhost/otop?connect_timeout=soon", "connect_timeout"),
        ("postgresql://localhost/otop?connect_timeout=0", "connect_timeout"),
        ("postgresql://localhost:70000/otop", "port"),
        ("not a url at all %%%", "scheme"),
    ])
    func rejects(url: String, mentioning word: String) {
        let error = #expect(throws: PostgresError.self) { try PostgresConfiguration(url: url) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.isTransient == false)
        #expect(error?.message.contains(word) == true, "\(error?.message ?? "")")
    }

    @Test("safeDescription and the printed configuration never contain the password")
    func passwordStaysOut() throws {
        let configuration = try PostgresConfiguration(url: "postgresql://otop:Tr0ub4dor%263@db:5433/otop")
        #expect(configuration.password == "Tr0ub4dor&3")
        #expect(configuration.safeDescription == "otop@db:5433/otop")
        #expect(!"\(configuration)".contains("Tr0ub4dor"))
        #expect(!String(reflecting: configuration).contains("Tr0ub4dor"))
    }

    @Test("The session is pinned to UTF-8, UTC and ISO dates, which the decoders rely on")
    func sessionSettings() throws {
        let parameters = Dictionary(try PostgresConfiguration(url: "postgresql://h/db").libpqParameters, uniquingKeysWith: { $1 })
        #expect(parameters["client_encoding"] == "UTF8")
        #expect(parameters["options"]?.contains("TimeZone=UTC") == true)
        #expect(parameters["options"]?.contains("DateStyle=ISO") == true)
        #expect(parameters["password"] == nil)
    }
}
