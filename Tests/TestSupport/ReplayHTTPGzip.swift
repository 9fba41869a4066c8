import Foundation

/// gzip bytes made by the system's gzip program (the package has no zlib module).
enum ReplayHTTPGzip {
    static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        guard let gzip = ["/bin/gzip", "/usr/bin/gzip"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw ReplayHTTPServerError("gzip was not found in /bin or /usr/bin; install gzip to serve gzip-encoded bodies")
        }
        // Through a file rather than stdin: writing stdin while gzip fills
        // stdout could deadlock on large bodies.
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("replay-gzip-\(UUID().uuidString)")
        try Data(bytes).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gzip)
        process.arguments = ["-c", "-n", input.path]   // -n: no name or time stamp in the header
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let compressed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ReplayHTTPServerError("gzip exited with status \(process.terminationStatus)")
        }
        return Array(compressed)
    }
}

