import CEditLine

/// libedit's in-memory history (History*), which the editor's up/down keys
/// walk. Entries are copied in and out; libedit owns its strings.
final class EditLineHistory {
    let handle: OpaquePointer
    private var event = HistEvent()

    /// nil when libedit cannot allocate a history.
    init?(limit: Int) {
        guard let handle = history_init() else { return nil }
        self.handle = handle
        _ = CEditLine_history_set_size(handle, &event, Int32(clamping: max(1, limit)))
        _ = CEditLine_history_set_unique(handle, &event, 1)
    }

    deinit {
        history_end(handle)
    }

    func add(_ entry: String) {
        _ = entry.withCString { CEditLine_history_enter(handle, &event, $0) }
    }

    func removeAll() {
        _ = CEditLine_history_clear(handle, &event)
    }

    /// Every entry, oldest first.
    var entries: [String] {
        var result: [String] = []
        var status = CEditLine_history_oldest(handle, &event)
        while status != -1, let text = event.str {
            result.append(String(cString: text))
            status = CEditLine_history_newer(handle, &event)
        }
        return result
    }
}
