/// The EnergiFlow release this build is: `energiflow --version`, `doctor`,
/// the REPL's banner and the HTTP client's User-Agent all name this one
/// constant, so they never drift apart.
public enum EnergiFlowVersion {
    public static let current = "0.1.0"
}
