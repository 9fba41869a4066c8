// The Plugins module: external stages as executables.
//
//   Discovery/  PluginDirectory (search order, defaults from the environment),
//               PluginDiscovery (find energiflow-<stage> files, run --describe;
//               untrusted directories are only listed), PluginCatalog /
//               PluginEntry (what `.plugins` lists), Plugin, PluginAllowances
//               (the secrets the user lets each plugin see).
//   Manifest/   PluginManifest (+Parsing: strict JSON → StageSpec), ManifestTypes.
//   Running/    PluginRun (rows out as they come, schema, cancel), PluginInput,
//               PluginRunOptions, PluginEnvironment (the clean environment),
//               PluginArguments (BoundStage → --name value),
//               RowEncoder (rows → NDJSON), OutputDecoder (NDJSON → typed rows),
//               PluginProcesses (stop them all on SIGTERM). The processes
//               themselves (spawn, process group, pipes, timeout, leftovers,
//               reaping) are the ChildProcesses module's: ProcessSession.
//   Registry/   StageRegistry+Plugins (register with the built-in-wins rule).
//
// JSON is read and written with Basics (JSONValue.parse with the options in
// PluginJSON, JSONWriter); times with Basics' Timestamp and ISO8601Format.
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
