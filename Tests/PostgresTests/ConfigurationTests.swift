import Foundation
import Testing
@testable import Postgres

@Suite struct ConfigurationTests {
    @Test func urlWithSocketDirectoryAndPort() throws {
        let configuration = try PostgresConfiguration(url: "postgresql://postgres@/energi?host=/tmp/pg%20dir&port=5433")
        #expect(configuration["host"] == "/tmp/pg dir")
        #expect(configuration["port"] == "5433")
        #expect(configuration["user"] == "postgres")
        #expect(configuration["dbname"] == "energi")
        #expect(configuration.redactedDescription == "postgresql://postgres@/energi?host=/tmp/pg dir&port=5433")
        #expect(configuration.endpointDescription == "the socket in /tmp/pg dir (port 5433)")
    }

    @Test func postgresSchemeAndPasswordIsMasked() throws {
        let configuration = try PostgresConfiguration(url: "postgres://alice:s3cr%40t-pw@db.example.org:6543/prices?sslmode=disable")
        #expect(configuration["password"] == "s3cr@t-pw")
        #expect(configuration["host"] == "db.example.org")
        #expect(configuration.redactedDescription == "postgresql://alice:***@db.example.org:6543/prices?sslmode=disable")
        #expect(configuration.endpointDescription == "db.example.org:6543")
        #expect(!"\(configuration)".contains("s3cr"))
    }

    @Test func keywordString() throws {
        let configuration = try PostgresConfiguration(connectionString: "host=10.0.0.7 port=5544 dbname=energi user=bob password='it\\'s secret'")
        #expect(configuration["host"] == "10.0.0.7")
        #expect(configuration["password"] == "it's secret")
        #expect(configuration.redactedDescription == "postgresql://bob:***@10.0.0.7:5544/energi")
    }

    @Test func environmentPrefersDatabaseURL() throws {
        let fromURL = try PostgresConfiguration.fromEnvironment([
            "DATABASE_URL": "postgresql://u@h:1234/d", "PGHOST": "other", "PGPORT": "9999",
        ])
        #expect(fromURL["host"] == "h")
        #expect(fromURL["port"] == "1234")
        #expect(fromURL.origin == "DATABASE_URL")
    }

    @Test func environmentPGVariables() throws {
        let configuration = try PostgresConfiguration.fromEnvironment([
            "PGHOST": "/run/pg", "PGPORT": "5439", "PGUSER": "carol", "PGPASSWORD": "hunter22", "PGDATABASE": "energi",
            "PGCONNECT_TIMEOUT": "4",
        ])
        #expect(configuration["host"] == "/run/pg")
        #expect(configuration["port"] == "5439")
        #expect(configuration["user"] == "carol")
        #expect(configuration["dbname"] == "energi")
        #expect(configuration.connectTimeout == 4)
        #expect(configuration.redactedDescription == "postgresql://carol:***@/energi?host=/run/pg&port=5439")
        #expect(configuration.origin.contains("PGHOST"))
    }

    @Test func sessionSettingsAreAlwaysSent() throws {
        var configuration = try PostgresConfiguration(url: "postgresql://u@h/d?options=-c%20search_path%3Dx")
        configuration.connectTimeout = 3
        let parameters = Dictionary(uniqueKeysWithValues: configuration.connectionParameters)
        #expect(parameters["connect_timeout"] == "3")
        #expect(parameters["application_name"] == "energiflow")
        #expect(parameters["options"] == "-c search_path=x -c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=postgres")
        #expect(parameters["client_encoding"] == "UTF8")
    }

    @Test func defaultConnectTimeoutIsTenSeconds() throws {
        let configuration = try PostgresConfiguration(url: "postgresql://u@h/d")
        if ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil {
            #expect(configuration.connectTimeout == 10)
        }
        let explicit = try PostgresConfiguration(url: "postgresql://u@h/d?connect_timeout=7")
        #expect(explicit.connectTimeout == 7)
    }

    @Test func databaseSwapKeepsEverythingElse() throws {
        let configuration = try PostgresConfiguration(url: "postgresql://u:pw1234@h:1/d").database("other")
        #expect(configuration["dbname"] == "other")
        #expect(configuration["password"] == "pw1234")
        #expect(configuration.redactedDescription == "postgresql://u:***@h:1/other")
    }

    @Test func invalidURLErrorMasksThePassword() {
        // libpq quotes the bad percent-encoded token, which here is the password.
        #expect {
            try PostgresConfiguration(url: "postgresql://alice:top%zzsecret@host/db")
        } throws: { error in
            let error = error as? PostgresError
            let text = error.map { "\($0)" } ?? ""
            return error?.code == .usage && text.contains("percent") && !text.contains("top%zzsecret")
                && !text.contains("zzsecret") && text.contains("DATABASE_URL")
        }
    }

    @Test func notAURL() {
        #expect(throws: PostgresError.self) { try PostgresConfiguration(url: "mysql://root:pw@localhost/db") }
        #expect(throws: PostgresError.self) { try PostgresConfiguration(connectionString: "host=x nonsense_keyword=1") }
        #expect(throws: PostgresError.self) { try PostgresConfiguration(keywords: ["hots": "x"]) }
    }

    @Test func maskingFindsPasswordsInFreeText() {
        let mask = PasswordMask(secrets: ["hunter22", "ab"])
        #expect(mask.apply("postgresql://x:whatever@h/d and password=abc123 and hunter22 and \"ab\" about")
            == "postgresql://x:***@h/d and password=*** and *** and \"***\" about")
        #expect(PasswordMask.maskConnectionStrings(in: "password = 'a b\\'c' host=x") == "password = *** host=x")
    }
}
