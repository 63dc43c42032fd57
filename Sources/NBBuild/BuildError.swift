/// Why `nbshim build` stopped, as one line: what is wrong (naming the file and line at fault when
/// there is one) and, when there is one, the fix.
public struct BuildError: Error, CustomStringConvertible, Sendable {
    public enum Reason: Sendable {
        /// The config fragment or the tree's files.* say something we cannot build.
        case input
        /// The config names a device no files.* line declares.
        case unknownDevice
        /// A tool is missing or failed (clang, nm, the linker, the host executable).
        case tools
        /// The driver's sources did not compile or left symbols unresolved.
        case compile
    }

    public var reason: Reason
    public var what: String
    public var fix: String?

    public init(_ what: String, _ reason: Reason = .input, fix: String? = nil) {
        self.what = what
        self.reason = reason
        self.fix = fix
    }

    public var description: String { fix.map { "\(what); \($0)" } ?? what }
}
