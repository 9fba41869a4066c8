import Foundation
import Testing

/// Code and queries of the current directory run only with consent:
/// nothing in an untrusted ./plugins runs — not on `.plugins`, `.help`, a
/// plugin's name or a typo — its ./queries are not found, and `rules=`
/// takes a name only, so a path cannot make an error print another file.
@Suite struct TrustProbeTests {
    /// ./plugins/energiflow-evil: leaves a mark whenever it runs, --describe included.
    func plantPlugin(_ work: Work) throws -> URL {
        let mark = work.directory.deletingLastPathComponent().appendingPathComponent("evil-ran")
        try work.write("""
            #!/bin/sh
            echo "$@" >> '\(mark.path)'
            if [ "$1" = "--describe" ]; then echo '{"name": "evil", "kind": "source", "summary": "Looks harmless."}'; exit 0; fi
            echo '{"owned": true}'

            """, to: "plugins/energiflow-evil", mode: 0o755)
        return mark
    }

    @Test func anUntrustedPluginNeverRuns() throws {
        let home = SecurityHome.shared
        try home.prepare()
        let work = try Work(home)
        let mark = try plantPlugin(work)
        for statement in [".plugins", ".help", ".help evil", "evil", "evli", "note 'x' | evil", "eval | table"] {
            let run = try work.run(["-c", statement])
            #expect(!FileManager.default.fileExists(atPath: mark.path), "'\(statement)' ran ./plugins/energiflow-evil")
            #expect(!run.stdout.contains("owned"))
        }
        let listed = try work.run(["-c", ".plugins"])
        #expect(listed.stdout.contains("evil  -     not trusted  ./plugins") || listed.stdout.contains("not trusted"), "\(listed.stdout)")
        let named = try work.run(["-c", "evil"])
        #expect(named.status == 1)
        #expect(named.stderr.contains("./plugins/energiflow-evil is not run: this directory is not trusted"))
        // Stdin scripts too.
        _ = try work.run([], stdin: "evil\n.plugins\n")
        #expect(!FileManager.default.fileExists(atPath: mark.path))

        // Consent for one run, then remembered.
        let once = try work.run(["--trust", "--format", "csv", "-c", "evil"])
        #expect(once.stdout == "owned\r\ntrue\r\n")
        #expect(FileManager.default.fileExists(atPath: mark.path))
        try FileManager.default.removeItem(at: mark)
        #expect(try work.run(["-c", "evil"]).status == 1)
        #expect(!FileManager.default.fileExists(atPath: mark.path))
        let trusted = try work.run(["trust"])
        #expect(trusted.status == 0)
        #expect(trusted.stdout.hasPrefix("trusted "))
        #expect(try work.run(["--format", "csv", "-c", "evil"]).stdout == "owned\r\ntrue\r\n")
        #expect(try work.run(["trust", "--remove"]).status == 0)
        #expect(try work.run(["-c", "evil"]).status == 1)
    }

    @Test func untrustedQueriesAndRulesAreNotUsed() throws {
        let home = SecurityHome.shared
        try home.prepare()
        let work = try Work(home)
        try work.write("note 'from ./queries'\n", to: "queries/local.efq")
        try work.write("LOCAL otherwise \"from ./queries/rules\"\n", to: "queries/rules/local.rules")
        // A project may not shadow a shipped query or rules file either.
        try work.write("note 'shadowed default'\n", to: "queries/decisions.efq")
        try work.write("EVIL otherwise \"shadowed\"\n", to: "queries/rules/default.rules")

        let query = try work.run(["-c", "local"])
        #expect(query.status == 1)
        #expect(query.stderr.contains("./queries/local.efq is not used: this directory is not trusted"))
        let rules = try work.run(["--format", "csv", "-c", "note 'x' | decide rules=local"])
        #expect(rules.status == 1)
        #expect(rules.stderr.contains("no rules file 'local'"))
        let shipped = try work.run(["--format", "csv", "-c", "daily area=DK1 since=2024-10-01 until=2024-10-03 | decide | select decision"])
        #expect(shipped.status == 0, "\(shipped.stderr)")
        #expect(shipped.stdout == "decision\r\nMONITOR\r\nMONITOR\r\n", "the shipped default.rules decides, not ./queries/rules")
        let decisions = try work.run(["run", "--format", "csv", "decisions", "area=DK1"])
        #expect(!decisions.stdout.contains("shadowed default"))

        let trusted = try work.run(["--trust", "--format", "csv", "-c", "local; note 'x' | decide rules=local | select decision"])
        #expect(trusted.stdout == "note\r\nfrom ./queries\r\ndecision\r\nLOCAL\r\n", "\(trusted.stderr)")
    }

    /// The probe printed `root:*:20228:…` from /etc/shadow; now no form of
    /// rules= prints a line of a file that is not a rules file.
    @Test func rulesNamesCannotTraverse() throws {
        let home = SecurityHome.shared
        try home.prepare()
        let work = try Work(home)
        let secret = "root:*:20228:0:99999:7:::probe-\(UUID().uuidString.prefix(6))"
        let secretFile = try work.write(secret + "\n", to: "private/shadow")
        try FileManager.default.createDirectory(at: work.directory.appendingPathComponent("queries/rules"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: work.directory.appendingPathComponent("queries/rules/sneaky.rules").path,
                                                   withDestinationPath: secretFile.path)
        let depth = String(repeating: "../", count: work.directory.pathComponents.count)
        let attempts = [
            "decide rules=\(depth)etc/shadow", "decide rules=../../../../etc/shadow", "decide rules=private/shadow",
            "decide rules=x/../private/shadow", "decide '\(depth)etc/shadow'", "decide rules='\(secretFile.path)'",
            "decide rules='private/shadow'", "decide rules=\"\(depth)\(secretFile.path.dropFirst())\"", "decide rules=sneaky",
        ].map { "note 'x' | " + $0 } + [
            "let r = '\(secretFile.path)'; note 'x' | decide rules=$r",
        ]
        for statement in attempts {
            for trust in [[], ["--trust"]] {
                let run = try work.run(trust + ["-c", statement])
                #expect(run.status != 0, "\(statement)")
                #expect(!run.stderr.contains("root:*:20228"), "\(statement) printed the secret: \(run.stderr)")
                #expect(!run.stdout.contains("root:*:20228"))
            }
        }
        if let shadow = try? String(contentsOfFile: "/etc/shadow", encoding: .utf8), let first = shadow.split(separator: "\n").first {
            let run = try work.run(["-c", "note 'x' | decide rules=../../../../../../../../etc/shadow"])
            #expect(!run.stderr.contains(first))
            let quoted = try work.run(["-c", "note 'x' | decide rules='/etc/shadow'"])
            #expect(quoted.stderr.contains("'/etc/shadow' is not a rules file"))
            #expect(!quoted.stderr.contains(first))
        }
        // A saved query by path is a .efq file, and .show shows nothing else.
        for statement in [".show \(secretFile.path)", ".show /etc/shadow"] {
            let run = try work.run(["-c", statement])
            #expect(run.status == 1)
            #expect(!run.stdout.contains("root:") && !run.stderr.contains("root:"))
        }
        let byPath = try work.run(["run", secretFile.path])
        #expect(byPath.stderr.contains("is not a saved query: a saved query's file name ends in .efq"))
    }
}
