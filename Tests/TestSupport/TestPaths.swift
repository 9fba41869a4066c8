import Foundation

/// Where tests find the repository, the shared recorded data and the built binary.
public enum TestPaths {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// Recorded Energi Data Service exports bundled in the repository (CC BY 4.0, see its SOURCES.md).
    public static var recordedData: URL {
        packageRoot.appendingPathComponent("Tests/Fixtures/energidataservice")
    }

    /// One recorded file by name.
    public static func recorded(_ name: String) -> URL {
        recordedData.appendingPathComponent(name)
    }
}
