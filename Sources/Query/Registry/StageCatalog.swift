/// What the parser and binder need to know about stages. `StageRegistry`
/// is the catalog; tests and tools may provide another.
public protocol StageCatalog {
    /// The stage called exactly `name`, if any.
    func spec(named name: String) -> StageSpec?
    /// Every stage, in a stable order.
    var allSpecs: [StageSpec] { get }
}
