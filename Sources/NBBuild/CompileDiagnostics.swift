/// What failed compiles say the shim's headers lack, collected over all files: the header-level
/// half of the porting report (the symbol-level half needs a linked module).
public struct CompileDiagnostics: Sendable {
    /// category -> name -> files that hit it
    public var gaps: [String: [String: Set<String>]] = [:]
    public var otherErrors = 0

    static let patterns: [(String, String, String)] = [   // category, text before the name, text after
        ("missing headers", "fatal error: '", "' file not found"),
        ("missing sources", "error: no such file or directory: '", "'"),   // a file line the tree has no file for
        ("unknown types", "error: unknown type name '", "'"),
        ("undeclared identifiers", "error: use of undeclared identifier '", "'"),
        ("undeclared functions", "error: call to undeclared function '", "'"),
        ("undeclared functions", "error: call to undeclared library function '", "'"),
        ("missing struct members", "error: no member named '", "' in '"),
        ("incomplete types", "error: incomplete definition of type '", "'"),
        ("incomplete types", "has incomplete type '", "'"),
    ]

    /// `roots`: include directories to strip from includers' paths in messages.
    public mutating func add(file: String, output: String, roots: [String] = []) {
        for line in output.split(separator: "\n") where line.contains("error:") && !line.hasSuffix("error: no input files") {
            var matched = false
            for (cat, before, after) in Self.patterns {
                guard let b = line.range(of: before), let a = line[b.upperBound...].range(of: after) else { continue }
                var name = String(line[b.upperBound..<a.lowerBound])
                if cat == "missing struct members", let end = line[a.upperBound...].firstIndex(of: "'") {
                    name = String(line[a.upperBound..<end]) + "." + name
                }
                if cat == "missing sources", let root = roots.first(where: { name.hasPrefix($0 + "/") }) {
                    name = String(name.dropFirst(root.count + 1))
                }
                if cat == "missing headers", let colon = line.firstIndex(of: ":"), line[..<colon].hasSuffix(".h") {
                    // Name the header that wanted it: tree headers pulled in by a driver usually.
                    let includer = String(line[..<colon])
                    let root = roots.first { includer.hasPrefix($0 + "/") }
                    name += " via " + (root.map { String(includer.dropFirst($0.count + 1)) } ?? includer)
                }
                gaps[cat, default: [:]][name, default: []].insert(file)
                matched = true
                break
            }
            if !matched { otherErrors += 1 }
        }
    }

    public var text: String {
        var s = "compile report: what the shim's headers lack, by kind (files affected)\n"
        for cat in gaps.keys.sorted() {
            let items = gaps[cat]!.sorted { $0.key < $1.key }.map { "\($0.key)(\($0.value.count))" }
            s += "  \(cat) (\(items.count)): \(items.joined(separator: " "))\n"
        }
        if otherErrors > 0 { s += "  other errors: \(otherErrors) (see the compiler output above)\n" }
        return s
    }
}
