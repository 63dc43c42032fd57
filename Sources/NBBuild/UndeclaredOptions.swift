import Foundation

/// Option headers (opt_*.h) that the module's sources or the tree's headers include, but that no
/// files.* the build read declares: the tree lacks the files that would (a kernel-source tarball
/// without arch/*/conf or ddb/), or they belong to another port (opt_xen.h). config(1) of a kernel
/// without those options makes such a header with nothing defined; so do we.
enum UndeclaredOptions {
    private static let pattern = try! NSRegularExpression(pattern: #"#[ \t]*include[ \t]+"(opt_[A-Za-z0-9_]+\.h)""#)
    private static let cache = Cache()

    static func headers(treeRoot: String, sources: [String], declared: Set<String>) -> [String: String] {
        var wanted = cache.treeHeaders(treeRoot) { scan(headersUnder: treeRoot) }
        for s in sources { wanted.formUnion(includes(in: s)) }
        var out: [String: String] = [:]
        for h in wanted.subtracting(declared) {
            out[h] = "/* \(h): no files.* of this tree declares its options; none is set. */\n"
        }
        return out
    }

    private static func includes(in path: String) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        guard text.contains("opt_") else { return [] }
        let ns = text as NSString
        return Set(pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) })
    }

    private static func scan(headersUnder root: String) -> Set<String> {
        var found = Set<String>()
        guard let walk = FileManager.default.enumerator(atPath: root) else { return found }
        while let rel = walk.nextObject() as? String {
            if rel.hasSuffix(".h") { found.formUnion(includes(in: root + "/" + rel)) }
        }
        return found
    }

    /// One scan of a tree's headers per process (a survey builds many modules from one tree).
    private final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var byTree: [String: Set<String>] = [:]
        func treeHeaders(_ root: String, _ make: () -> Set<String>) -> Set<String> {
            lock.lock(); defer { lock.unlock() }
            if let s = byTree[root] { return s }
            let s = make()
            byTree[root] = s
            return s
        }
    }
}
