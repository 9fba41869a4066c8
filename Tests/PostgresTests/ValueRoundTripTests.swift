import Basics
import Foundation
import Testing
import Postgres

/// Values sent as parameters come back as the same Swift values, and the
/// server's text for each type decodes as the server means it.
@Suite struct ValueRoundTripTests {
    /// Parses ISO 8601 with Foundation, independently of the module's own parser.
    static func iso(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)!
    }

    func single(_ connection: PostgresConnection, _ sql: String, _ parameters: [PostgresValue] = []) throws -> PostgresValue {
        let result = try connection.query(sql, parameters)
        #expect(result.count == 1)
        return result.scalar ?? .null
    }

    @Test func nullsOfEveryType() throws {
        let connection = try serverConnection()
        let result = try connection.query(
            "SELECT $1::int8, $2::text, $3::float8, $4::bool, $5::timestamptz, $6::date, $7::jsonb, $8::numeric",
            Array(repeating: .null, count: 8))
        #expect(result.columns.map(\.typeOID) == [PostgresType.int8, PostgresType.text, PostgresType.float8, PostgresType.bool,
                                                   PostgresType.timestamptz, PostgresType.date, PostgresType.jsonb, PostgresType.numeric])
        #expect(result[0].values == Array(repeating: .null, count: 8))
        #expect(result[0].texts == Array(repeating: nil, count: 8))
        // An empty string is not NULL.
        #expect(try single(connection, "SELECT $1::text", [""]) == .text(""))
    }

    @Test func booleansAndIntegers() throws {
        let connection = try serverConnection()
        #expect(try single(connection, "SELECT $1", [true]) == .bool(true))
        #expect(try single(connection, "SELECT NOT $1", [.bool(true)]) == .bool(false))
        for value: Int64 in [0, -1, 42, -9_876_543_210, .max, .min] {
            #expect(try single(connection, "SELECT $1", [.int(value)]) == .int(value))
        }
        #expect(try single(connection, "SELECT $1 + 1", [.int(41)]) == .int(42))
        let narrow = try connection.query("SELECT (-32768)::int2, 2147483647::int4, 7::oid")
        #expect(narrow[0].values == [.int(-32768), .int(2_147_483_647), .int(7)])
    }

    @Test func floatsAndNumerics() throws {
        let connection = try serverConnection()
        for value in [-0.5, 1e-300, -2.5e300, 3.141592653589793, 0.1 + 0.2, -17.25, 123_456_789.0] {
            #expect(try single(connection, "SELECT $1", [.double(value)]) == .double(value))
        }
        #expect(try single(connection, "SELECT $1::float8 * 2", [.double(-1.25)]) == .double(-2.5))
        #expect(try single(connection, "SELECT $1", [.double(.infinity)]) == .double(.infinity))
        #expect(try single(connection, "SELECT $1", [.double(-.infinity)]) == .double(-.infinity))
        #expect(try single(connection, "SELECT $1", [.double(.nan)]).double?.isNaN == true)
        #expect(try single(connection, "SELECT 1.5::float4") == .double(1.5))

        let numeric = try connection.query("SELECT '-12345.678901234567890'::numeric AS n, 'NaN'::numeric, 0.001::numeric(10,3)")
        #expect(numeric[0]["n"] == .double(-12345.678901234567890))
        #expect(numeric[0].text("n") == "-12345.678901234567890")  // exact text kept
        #expect(numeric[0][1].double?.isNaN == true)
        #expect(numeric[0][2] == .double(0.001))
        // A double parameter compared with a numeric column.
        #expect(try single(connection, "SELECT 0.25::numeric = $1", [.double(0.25)]) == .bool(true))
    }

    @Test func textIsNeverSplicedIntoSQL() throws {
        let connection = try freshConnection("splice")
        try connection.executeScript("CREATE TABLE victims (name text)")
        let hostile = "x'); DROP TABLE victims; -- \"quoted\" \\ 'single' $1 ; drop table victims"
        #expect(try connection.execute("INSERT INTO victims VALUES ($1)", [.text(hostile)]) == 1)
        #expect(try single(connection, "SELECT name FROM victims") == .text(hostile))
        #expect(try single(connection, "SELECT $1", [.text(hostile)]) == .text(hostile))
        #expect(try single(connection, "SELECT count(*) FROM victims WHERE name = $1", [.text(hostile)]) == .int(1))
        // Unicode, control characters and the bytes COPY would escape.
        let unicode = "Ærø 💡 tab\there\nnewline\r\\ end"
        #expect(try single(connection, "SELECT $1::text", [.text(unicode)]) == .text(unicode))
        // The extended protocol takes one statement only.
        #expect(throws: PostgresError.self) { try connection.query("SELECT 1; DROP TABLE victims") }
        #expect(try single(connection, "SELECT count(*) FROM victims") == .int(1))
    }

    @Test func jsonAndJsonb() throws {
        let connection = try freshConnection("json")
        let document = #"{"area": "DK1", "prices": [-12.5, 0, 301.25], "note": null, "å": "ø"}"#
        let jsonb = try single(connection, "SELECT $1::jsonb", [.json(document)])
        guard case .json(let text) = jsonb else { Issue.record("jsonb decoded as \(jsonb)"); return }
        // The server's own reading of what came back is the same document.
        #expect(try single(connection, "SELECT $1::jsonb = $2::jsonb", [.json(text), .json(document)]) == .bool(true))
        #expect(try single(connection, "SELECT ($1::jsonb -> 'prices' ->> 0)::float8", [.json(text)]) == .double(-12.5))
        // json keeps the text exactly.
        #expect(try single(connection, "SELECT $1::json", [.json(document)]) == .json(document))

        try connection.executeScript("CREATE TABLE docs (id int, payload jsonb, raw json, label varchar(20))")
        try connection.execute("INSERT INTO docs VALUES ($1, $2, $3, $4)", [1, .json(document), .json(document), "ok"])
        let row = try connection.query("SELECT payload ->> 'area', raw, label, payload FROM docs")[0]
        #expect(row[0] == .text("DK1"))
        #expect(row[1] == .json(document))
        #expect(row[2] == .text("ok"))
        #expect(row[3].string?.contains("301.25") == true)
    }

    @Test func timestamptzRoundTripsToTheMicrosecond() throws {
        let connection = try serverConnection()
        let instants = [
            Self.iso("2024-03-31T00:59:59.123456Z"),  // an hour before Danish DST starts
            Self.iso("2024-10-27T01:30:00Z"),          // inside the repeated Danish hour
            Date(timeIntervalSince1970: -1.5),         // before 1970, fractional
            Date(timeIntervalSince1970: 0),
            Self.iso("2038-01-19T03:14:08Z"),
        ]
        for instant in instants {
            let back = try single(connection, "SELECT $1::timestamptz", [.timestamp(instant)])
            #expect(abs((back.timestamp ?? .distantPast).timeIntervalSince(instant)) < 1e-6, "\(instant) came back as \(back)")
            // The server reads the instant the same way: compare epoch seconds.
            let epoch = try single(connection, "SELECT extract(epoch FROM $1::timestamptz)::float8", [.timestamp(instant)])
            #expect(abs((epoch.double ?? 0) - instant.timeIntervalSince1970) < 1e-6)
        }
    }

    @Test func timestamptzWithDSTOffsetsDecodesToTheSameInstant() throws {
        let connection = try serverConnection()
        let cases: [(literal: String, utc: String)] = [
            ("2024-03-31 01:59:59.5+01", "2024-03-31T00:59:59.5Z"),   // CET, last second before the switch
            ("2024-03-31 03:00:00+02", "2024-03-31T01:00:00Z"),       // CEST, first hour after
            ("2024-10-27 02:30:00+02", "2024-10-27T00:30:00Z"),       // the repeated hour, first time
            ("2024-10-27 02:30:00+01", "2024-10-27T01:30:00Z"),       // and second time
        ]
        for zone in ["UTC", "Europe/Copenhagen", "America/St_Johns", "Asia/Kathmandu"] {
            try connection.execute("SELECT set_config('TimeZone', $1, false)", [.text(zone)])
            for (literal, utc) in cases {
                let value = try single(connection, "SELECT $1::timestamptz", [.text(literal)])
                #expect(value == .timestamp(Self.iso(utc)), "\(literal) in \(zone)")
            }
        }
        // In Copenhagen the server writes the offsets itself: +01 and +02.
        try connection.execute("SET TimeZone = 'Europe/Copenhagen'")
        let texts = try connection.query("SELECT $1::timestamptz, $2::timestamptz",
                                         [.timestamp(Self.iso("2024-01-15T12:00:00Z")), .timestamp(Self.iso("2024-07-15T12:00:00Z"))])
        #expect(texts[0].texts == ["2024-01-15 13:00:00+01", "2024-07-15 14:00:00+02"])
        #expect(texts[0].values == [.timestamp(Self.iso("2024-01-15T12:00:00Z")), .timestamp(Self.iso("2024-07-15T12:00:00Z"))])
        // Local mean time before time zones: an offset with seconds (+00:50:20).
        let lmt = try connection.query("SELECT '1850-06-01 12:00:00+00'::timestamptz")
        #expect(lmt[0].texts[0] == "1850-06-01 12:50:20+00:50:20")
        #expect(lmt[0][0] == .timestamp(Self.iso("1850-06-01T12:00:00Z")))
        try connection.execute("RESET TimeZone")
        #expect(try single(connection, "SHOW TimeZone") == .text("UTC"))
    }

    @Test func timestampWithoutZoneIsReadAsUTC() throws {
        let connection = try serverConnection()
        #expect(try single(connection, "SELECT '2024-02-29 23:59:59.25'::timestamp") == .timestamp(Self.iso("2024-02-29T23:59:59.25Z")))
        #expect(try single(connection, "SELECT 'infinity'::timestamptz") == .timestamp(.distantFuture))
        let bc = try connection.query("SELECT t, extract(epoch FROM t)::float8 FROM (SELECT '0044-03-15 12:00:00+00 BC'::timestamptz AS t) s")
        #expect(bc[0].text(0) == "0044-03-15 12:00:00+00 BC")
        #expect(bc[0][0].timestamp?.timeIntervalSince1970 == bc[0][1].double)
        #expect(try single(connection, "SELECT $1::timestamptz = $2::timestamptz", [bc[0][0], .text("0044-03-15 12:00:00+00 BC")]) == .bool(true))
    }

    @Test func datesRoundTrip() throws {
        let connection = try serverConnection()
        for date in [PostgresDate(year: 2024, month: 2, day: 29), PostgresDate(year: 1969, month: 12, day: 31),
                     PostgresDate(year: 1, month: 1, day: 1), PostgresDate(year: -43, month: 3, day: 15),
                     PostgresDate(year: 1582, month: 10, day: 14), PostgresDate(year: 1582, month: 10, day: 5)] {
            #expect(try single(connection, "SELECT $1::date", [.date(date)]) == .date(date))
            // The server's day count agrees with ours.
            let days = try single(connection, "SELECT $1::date - '1970-01-01'::date", [.date(date)])
            #expect(days == .int(Int64(date.daysSinceEpoch)))
        }
        #expect(try single(connection, "SELECT '2024-10-27'::date + 1") == .date(PostgresDate(year: 2024, month: 10, day: 28)))
        #expect(PostgresDate(postgresText: "2023-02-29") == nil)
        #expect(PostgresDate(postgresText: "0044-03-15 BC") == PostgresDate(year: -43, month: 3, day: 15))
        #expect(PostgresDate(year: -43, month: 3, day: 15).postgresText == "0044-03-15 BC")
        // Before the Gregorian reform the server counts proleptically, as Basics does: the day stays itself.
        #expect(try single(connection, "SELECT '1582-10-14'::date::text") == .text("1582-10-14"))
        #expect(try single(connection, "SELECT '1582-10-14'::date") == .date(PostgresDate(year: 1582, month: 10, day: 14)))
    }

    @Test func byteaAndOtherTypes() throws {
        let connection = try serverConnection()
        let bytes: [UInt8] = [0, 255, 92, 10, 9, 39, 34]
        #expect(try single(connection, "SELECT $1::bytea", [.bytes(bytes)]) == .bytes(bytes))
        #expect(try single(connection, "SELECT length($1::bytea)", [.bytes(bytes)]) == .int(7))
        // Types without a Swift case come back as the server's text.
        #expect(try single(connection, "SELECT '1 day 02:00'::interval") == .text("1 day 02:00:00"))
        #expect(try single(connection, "SELECT ARRAY[1,2]") == .text("{1,2}"))
    }

    @Test func typedColumnsInATable() throws {
        let connection = try freshConnection("columns")
        try connection.executeScript("""
            CREATE TABLE r (id int2, n int4, big int8, price numeric(12,4), mwh float4, at timestamptz, day date,
                            area char(3), name varchar(10), ok bool);
            """)
        let at = Self.iso("2024-03-31T01:00:00Z")
        let day = PostgresDate(year: 2024, month: 3, day: 31)
        #expect(try connection.execute(
            "INSERT INTO r VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            [1, 2, 3, .double(-0.0125), .double(1.5), .timestamp(at), .date(day), "DK1", "north", true]) == 1)
        let result = try connection.query("SELECT * FROM r")
        #expect(result.columns.map(\.name) == ["id", "n", "big", "price", "mwh", "at", "day", "area", "name", "ok"])
        #expect(result[0].values == [1, 2, 3, .double(-0.0125), .double(1.5), .timestamp(at), .date(day), "DK1", "north", true])
        #expect(result[0].text("price") == "-0.0125")
        #expect(result.commandTag == "SELECT 1")
    }
}
