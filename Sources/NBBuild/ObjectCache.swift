import Foundation

/// Compiled tree files shared by the modules of one survey: mii PHYs, dev/ic chips and whole
/// subsystems are compiled for many drivers, but once each. An object is reused when the source,
/// the flags (with each module's own directories written as placeholders) and the content of every
/// generated header it included (opt_*.h, ioconf.h, needs-flag headers: what the module's options
/// and devices decide, read from the compiler's dependency file) are the same. A failed compile is
/// remembered the same way, with its output.
public final class ObjectCache: @unchecked Sendable {
    struct Entry {
        var generated: [String: String]   // generated header (path under gen/) -> content it was compiled with
        var object: String
        var result: Builder.RunResult
    }

    public let dir: String
    private let cond = NSCondition()
    private var entries: [String: [Entry]] = [:]
    private var busy: Set<String> = []
    private var count = 0
    private var reused = 0

    /// Files compiled, and compiles answered from the cache.
    public var counts: (compiled: Int, reused: Int) { cond.lock(); defer { cond.unlock() }; return (count, reused) }

    public init(dir: String) throws {
        self.dir = dir
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    /// Compiles `source` into `object` with `args` (which end in `-c source -o object`), or places
    /// the cached object there. `gen`: the module's generated-header directory, `generated` its
    /// contents; `placeholders`: module-specific directories in `args` (gen/ among them).
    func compile(clang: String, args: [String], source: String, object: String, gen: String,
                 generated: [String: String], placeholders: [String: String]) -> (Builder.RunResult, cached: Bool) {
        let flags = args.filter { $0 != source && $0 != object }.map { a in
            placeholders.reduce(a) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
        }
        let key = source + "\0" + flags.joined(separator: "\0")
        cond.lock()
        while busy.contains(key) { cond.wait() }
        if let e = entries[key]?.first(where: { $0.generated.allSatisfy { generated[$0.key] == $0.value } }) {
            reused += 1
            cond.unlock()
            return (place(e, at: object), true)
        }
        busy.insert(key)
        cond.unlock()

        let depfile = object + ".d"
        try? FileManager.default.removeItem(atPath: depfile)
        let r = Builder.run(clang, args + ["-MD", "-MF", depfile])
        let deps = Self.dependencies(depfile)
        let used = deps?.compactMap { p -> (String, String)? in
            guard p.hasPrefix(gen + "/") else { return nil }
            let rel = String(p.dropFirst(gen.count + 1))
            return generated[rel].map { (rel, $0) }
        }
        cond.lock()
        count += 1
        let kept = dir + "/\(count)-" + (object as NSString).lastPathComponent
        // A fatal error (a missing header) leaves no dependency file: that result is kept for
        // modules whose generated headers are all the same, as if the file had read them all.
        var entry = Entry(generated: used.map { Dictionary($0, uniquingKeysWith: { a, _ in a }) } ?? generated,
                          object: kept, result: r)
        if r.status == 0, (try? FileManager.default.linkItem(atPath: object, toPath: kept)) == nil { entry.object = object }
        entries[key, default: []].append(entry)
        busy.remove(key)
        cond.broadcast()
        cond.unlock()
        return (r, false)
    }

    private func place(_ e: Entry, at object: String) -> Builder.RunResult {
        guard e.result.status == 0 else { return e.result }
        let fm = FileManager.default
        try? fm.removeItem(atPath: object)
        do { try fm.linkItem(atPath: e.object, toPath: object) } catch {
            do { try fm.copyItem(atPath: e.object, toPath: object) } catch {
                return Builder.RunResult(status: -1, output: "cannot place the cached object \(e.object) at \(object): \(error)")
            }
        }
        return e.result
    }

    /// The files a make-style dependency file (clang -MD) names, the target left out; nil without one.
    static func dependencies(_ path: String) -> [String]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let words = String(decoding: data, as: UTF8.self).split(whereSeparator: { " \t\n\\".contains($0) })
        return words.dropFirst().map(String.init)
    }
}
