import ChildProcesses

/// The plugin processes of this EnergiFlow as a whole.
public enum PluginProcesses {
    /// Kills every plugin still running, with everything it started (its
    /// process group, and what left the group but carries its marker), and
    /// reaps them. For a handler of SIGTERM or SIGHUP before EnergiFlow exits:
    /// nothing a plugin started outlives EnergiFlow.
    public static func terminateAll() {
        ChildProcess.terminateAll()
    }
}
