import Basics
import EnergiData
import Foundation
import HTTP

/// Reads datasets from the Energi Data Service API
/// (`GET /dataset/NAME?start=…&end=…&sort=…&limit=…&offset=…`), page by page,
/// and survives what a public API does:
///
/// - HTTP 429: waits for Retry-After (capped at `maxRetryAfter`; the policy's
///   delay when the header is missing), at most `maxRateLimitWaits` in a row.
/// - 5xx, timeouts, stalled or broken transfers, and 200 answers whose body is
///   not the expected JSON: retried with exponential backoff and jitter, at
///   most `retry.maxAttempts` tries in all.
/// - Any other answer (404, 400 …) fails at once. Every failure names the URL
///   and shows the first bytes of what came back.
///
/// `start` and `end` are passed to the API as given: dates or date-times in
/// Danish local time (the API's default), start inclusive, end exclusive.
/// Blocking: call it from a thread of your own.
public final class EnergiDataServiceClient: @unchecked Sendable {
    public let options: APIRequestOptions
    private let http: HTTPClient
    private let log: @Sendable (String) -> Void
    private let stop: IngestStop
    private let cancellation = HTTPCancellation()

    public init(options: APIRequestOptions = APIRequestOptions(), http: HTTPClient = HTTPClient(),
                stop: IngestStop = IngestStop(), log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.http = http
        self.log = log
        self.stop = stop
        let cancellation = self.cancellation
        stop.whenStopped { cancellation.cancel() }
    }

    // MARK: Queries

    /// The URL of one page.
    public func url(_ dataset: Dataset, start: String?, end: String?, offset: Int, limit: Int? = nil) -> String {
        var items: [(String, String)] = []
        if let start { items.append(("start", start)) }
        if let end { items.append(("end", end)) }
        if !options.areas.isEmpty {
            let list = options.areas.map { JSONWriter.string(.string($0)) }.joined(separator: ",")
            items.append(("filter", "{\"PriceArea\":[\(list)]}"))
        }
        // Oldest first, so that offset paging is stable while new data is appended.
        items.append(("sort", "\(dataset.timeField) ASC"))
        items.append(("limit", String(limit ?? options.pageSize)))
        items.append(("offset", String(offset)))
        let query = items.map { "\($0)=\(Self.percentEncoded($1))" }.joined(separator: "&")
        return "\(options.baseURL)/dataset/\(dataset.apiName)?\(query)"
    }

    /// Every record of `dataset` in [start, end), page after page; `onPage`
    /// gets each page as it arrives (publish it, count it) and the next is
    /// asked for only after it returns, so memory is one page (`pageSize`
    /// records), however long the range. Returns the number of records
    /// read. Throws `IngestError` (`.api`, `.badResponse`).
    @discardableResult
    public func fetchAll(_ dataset: Dataset, start: String?, end: String?,
                         onPage: (APIPage) throws -> Void) throws -> Int {
        var offset = 0
        var read = 0
        while true {
            try checkStopped()
            let page = try fetchPage(dataset, start: start, end: end, offset: offset)
            read += page.count
            try onPage(page)
            offset += page.count
            if page.count < options.pageSize { return read }
            if let total = page.total, offset >= total { return read }
        }
    }

    /// One page, with the retries described above.
    public func fetchPage(_ dataset: Dataset, start: String?, end: String?, offset: Int) throws -> APIPage {
        let url = self.url(dataset, start: start, end: end, offset: offset)
        let request = HTTPRequest(
            url: url, headers: ["Accept": "application/json"],
            connectTimeout: options.connectTimeout, totalTimeout: options.totalTimeout,
            lowSpeedLimit: 1, lowSpeedTime: options.stallTimeout)
        var failures = 0
        var rateLimited = 0
        while true {
            try checkStopped()
            switch try attempt(request, dataset: dataset, offset: offset, attempt: failures + 1) {
            case .page(let page):
                return page
            case .rateLimited(let retryAfter):
                rateLimited += 1
                guard rateLimited <= options.maxRateLimitWaits else {
                    throw IngestError(.api, "the API kept answering 429 Too Many Requests for \(url) (\(rateLimited) times); try again later")
                }
                let wait = min(retryAfter ?? options.retry.delay(afterAttempt: rateLimited), options.maxRetryAfter)
                log("ingest: rate limited by the API (HTTP 429); waiting \(Self.seconds(wait)) as Retry-After asks")
                guard stop.sleep(wait) else { throw stopped() }
            case .failed(let problem):
                failures += 1
                let wait = options.retry.delay(afterAttempt: failures)
                log("ingest: \(problem); retrying in \(Self.seconds(wait)) (try \(failures + 1) of \(options.retry.maxAttempts))")
                guard stop.sleep(wait) else { throw stopped() }
            }
        }
    }

    private enum Outcome {
        case page(APIPage)
        case rateLimited(retryAfter: TimeInterval?)
        /// Worth another try; says what went wrong.
        case failed(String)
    }

    /// One request. Throws when giving up: a final answer, or try number
    /// `attempt` was the last the policy allows.
    private func attempt(_ request: HTTPRequest, dataset: Dataset, offset: Int, attempt: Int) throws -> Outcome {
        let url = request.url
        let last = attempt >= options.retry.maxAttempts
        let response: HTTPResponse
        do {
            response = try http.get(request, cancellation: cancellation)
        } catch let error as HTTPError {
            switch error.code {
            case .cancelled:
                throw stopped()
            case .timeout, .transfer, .couldNotConnect, .couldNotResolveHost:
                if last {
                    throw IngestError(.api, "no answer from the API for \(url) after \(attempt) tries: \(error.message)",
                                      cause: error)
                }
                return .failed(error.message)
            default:
                throw IngestError(.api, "cannot ask the API for \(url): \(error.message)", cause: error)
            }
        }
        switch response.status {
        case 200..<300:
            do {
                return .page(try Self.page(response.body, url: url, dataset: dataset, offset: offset))
            } catch let error as IngestError {
                if last { throw error }
                return .failed(error.message)
            }
        case 429:
            return .rateLimited(retryAfter: response.retryAfter())
        case 500..<600:
            if last {
                throw IngestError(.api, "the API answered HTTP \(response.status) \(attempt) times for \(url); giving up. It said: \(Self.firstBytes(response.body))")
            }
            return .failed("HTTP \(response.status) from \(url): \(Self.firstBytes(response.body))")
        default:
            throw IngestError(.api, "the API answered HTTP \(response.status) for \(url): \(Self.firstBytes(response.body))")
        }
    }

    // MARK: Reading a body

    /// A page from a response body; `.badResponse` naming the URL and the
    /// first bytes when it is not `{…, "records": [ … ]}` of the dataset.
    static func page(_ body: Data, url: String, dataset: Dataset, offset: Int) throws -> APIPage {
        let file: RecordFile
        do {
            file = try RecordFileReader(dataset: dataset).read(body)
        } catch {
            throw IngestError(.badResponse, "the API's answer for \(url) is not the expected JSON (\(error.message)); it began: \(firstBytes(body))", cause: error)
        }
        guard file.format == .apiJSON else {
            throw IngestError(.badResponse, "the API's answer for \(url) has no \"records\" array; it began: \(firstBytes(body))")
        }
        return APIPage(url: url, dataset: dataset, offset: offset, total: total(in: [UInt8](body.prefix(4096 + 32))),
                       records: file.records, rejects: file.rejects)
    }

    /// The top-level `"total": N` of an answer, looked for before `"records"`.
    static func total(in bytes: [UInt8]) -> Int? {
        let key = Array("\"total\"".utf8)
        let limit = min(bytes.count, 4096)
        guard limit >= key.count else { return nil }
        var i = 0
        while i + key.count <= limit {
            if bytes[i] == 0x22, Array(bytes[i..<(i + key.count)]) == key {
                var j = i + key.count
                while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x3A { j += 1 }
                var value = 0, digits = 0
                while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39, digits < 18 {
                    value = value * 10 + Int(bytes[j] - 0x30)
                    j += 1
                    digits += 1
                }
                return digits > 0 ? value : nil
            }
            i += 1
        }
        return nil
    }

    /// The first 120 bytes of a body as printable text (control characters escaped).
    static func firstBytes(_ body: Data) -> String {
        if body.isEmpty { return "(an empty body)" }
        let cut = body.prefix(120)
        var text = ""
        for scalar in String(decoding: cut, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                text += String(format: "\\x%02X", scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        return "\"\(text)\"" + (body.count > cut.count ? "… (\(body.count) bytes)" : "")
    }

    // MARK: Helpers

    private func checkStopped() throws {
        if stop.isStopped { throw stopped() }
    }

    private func stopped() -> IngestError {
        IngestError(.interrupted, "stopped while reading the API" + (stop.reason.map { " (\($0))" } ?? ""))
    }

    static func seconds(_ value: TimeInterval) -> String {
        value < 10 ? String(format: "%.1f s", value) : "\(Int(value.rounded())) s"
    }

    /// Percent-encodes a query value (everything but unreserved characters).
    static func percentEncoded(_ value: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
