/// The EnergiFlow release this build is. The HTTP client names it in its
/// User-Agent; the executable's `--version` should print the same constant so
/// the two never drift apart.
public enum EnergiFlowVersion {
    public static let current = "0.1.0"
}
