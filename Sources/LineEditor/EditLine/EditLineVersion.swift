import CEditLine

extension LineEditor {
    /// The libedit API version compiled against (histedit.h's LIBEDIT_MAJOR.MINOR),
    /// for `energiflow doctor`; libedit has no run-time version call.
    public static var libraryVersion: String { "\(LIBEDIT_MAJOR).\(LIBEDIT_MINOR)" }
}
