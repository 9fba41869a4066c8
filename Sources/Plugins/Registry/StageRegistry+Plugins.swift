import Query

/// Said when a plugin's name is already a stage: which one wins.
public struct PluginWarning: Sendable, Hashable, CustomStringConvertible {
    public var plugin: Plugin
    /// True when the plugin replaced the stage (it was allowed to); false when the stage stays.
    public var pluginWins: Bool
    /// One line, starting with `warning:`.
    public var text: String

    public var description: String { text }
}

extension StageRegistry {
    /// Registers every working plugin of `catalog` after the built-in stages.
    ///
    /// The rule: a stage already registered (a built-in) wins over a plugin of
    /// the same name, so a file on PATH can never change what `sort` means in
    /// a script; the plugin is skipped with a warning saying so. Only names
    /// in `overriding` (the user asked for it explicitly, e.g. by a setting)
    /// let the plugin replace the built-in, again with a warning. Broken
    /// plugins are not registered (`catalog.broken` lists them).
    ///
    /// `implementation` makes the registry's implementation for a plugin.
    /// Returns the warnings, in name order.
    @discardableResult
    public mutating func registerPlugins(_ catalog: PluginCatalog, overriding: Set<String> = [],
                                         implementation: (Plugin) -> Implementation) -> [PluginWarning] {
        var warnings: [PluginWarning] = []
        for plugin in catalog.plugins {
            let taken = entry(named: plugin.name) != nil
            let place = "\(plugin.path) (\(plugin.origin.label))"
            if taken && !overriding.contains(plugin.name) {
                warnings.append(PluginWarning(plugin: plugin, pluginWins: false,
                                              text: "warning: plugin '\(plugin.name)' at \(place) has the name of a built-in stage; the built-in '\(plugin.name)' is used (rename the plugin's file to use it)"))
                continue
            }
            do {
                if taken {
                    try replace(plugin.spec, implementation(plugin))
                    warnings.append(PluginWarning(plugin: plugin, pluginWins: true,
                                                  text: "warning: plugin '\(plugin.name)' at \(place) replaces the built-in stage '\(plugin.name)', as asked"))
                } else {
                    try register(plugin.spec, implementation(plugin))
                }
            } catch {
                // Discovery already validated the spec; a failure here would be a bug, not input.
                warnings.append(PluginWarning(plugin: plugin, pluginWins: false,
                                              text: "warning: plugin '\(plugin.name)' at \(place) was not registered: \(error.message)"))
            }
        }
        return warnings
    }
}
