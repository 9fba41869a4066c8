// The Plugins module: external stages as executables.
//
//   Discovery/  PluginDirectory (search order, defaults from the environment),
//               PluginDiscovery (find energiflow-<stage> files, run --describe),
//               PluginCatalog / PluginEntry (what `.plugins` lists), Plugin.
//   Manifest/   PluginManifest (+Parsing: strict JSON → StageSpec), ManifestTypes.
//   Running/    PluginRun (rows out as they come, schema, cancel), PluginInput,
//               PluginRunOptions, PluginArguments (BoundStage → --name value),
//               RowEncoder (rows → NDJSON), OutputDecoder (NDJSON → typed rows).
//   Process/    ChildProcess (posix_spawn, process group, pipes, reaping),
//               ProcessSession (writer thread, watchdog, reading), PipeIO.
//               All process and pipe C calls live there.
//   Registry/   StageRegistry+Plugins (register with the built-in-wins rule).
//   JSON/       A small strict parser (keeps key order, tells ints from doubles).
//
// Typical use by the shell (the glue to the executor lives in Stages/Shell):
//
//   let catalog = PluginDiscovery(directories: PluginDirectory.defaults()).discover()
//   let warnings = registry.registerPlugins(catalog) { plugin in PluginStageFactory(plugin) }
//   warnings.forEach { print($0.text, to: &stderr) }
//   …
//   let run = try plugin.start(boundStage, input: PluginInput(rowSet))
//   let schema = try run.schema(); while let row = try run.next() { … }
//
// The protocol a plugin speaks is described in plugins/energiflow-zscore.
