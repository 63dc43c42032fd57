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
        /// The driver's sources did not compile: `diagnostics`, and `report` from the files that did.
        case compile
        /// The module linked, but the host lacks kernel symbols it uses: `report`.
        case unresolved
        /// The linker failed, or the objects lack an attachment.
        case link
    }

    public var reason: Reason
    public var what: String
    public var fix: String?
    /// What the survey classifies a failed build by.
    public var diagnostics: CompileDiagnostics?
    public var report: PortingReport?

    public init(_ what: String, _ reason: Reason = .input, fix: String? = nil,
                diagnostics: CompileDiagnostics? = nil, report: PortingReport? = nil) {
        self.what = what
        self.reason = reason
        self.fix = fix
        self.diagnostics = diagnostics
        self.report = report
    }

    public var description: String { fix.map { "\(what); \($0)" } ?? what }
}
