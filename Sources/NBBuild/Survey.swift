import Foundation

/// `nbshim survey`: every driver that attaches at a bus the shim provides, each built alone as a
/// user would (its config line and the children it offers homes to), in one process so each tree
/// file is compiled once (ObjectCache). The porter's work list and the coverage meter.
public enum Survey {
    public enum Result: String, Codable, Sendable {
        case links
        case unresolved = "unresolved symbols"
        case compile = "compile errors"
        case configuration = "configuration error"
        case link = "link error"
    }

    public struct Entry: Codable, Sendable {
        public var driver: String
        public var result: Result
        public var seconds: Double
        /// What is missing, by kind: compile-report categories (`unknown types`, `missing headers`
        /// ...) for compile errors, porting-report subsystems (`uio(9)` ...) for symbols; each list
        /// ordered by how many files need the item, then by name.
        public var missing: [Kind]
        /// The build's last line, for failures.
        public var message: String?
        public var config: [String]

        public struct Kind: Codable, Sendable {
            public var kind: String
            public var items: [String]
        }
    }

    public struct Report: Sendable {
        public var tree: String
        public var bus: String
        public var seconds: Double
        public var jobs: Int
        public var compiled: Int               // tree files compiled, and compiles the cache answered
        public var reused: Int
        public var drivers: [Entry]
        public var links: Int { drivers.filter { $0.result == .links }.count }
    }

    /// Devices with an attachment at interface attribute `bus`, sorted. `bus` must be one the
    /// shim's own devices offer (pci), since a driver alone has nothing else to attach below.
    public static func drivers(_ tree: ConfTree, bus: String) throws -> [String] {
        let offered = ShimProvided.devices.flatMap { tree.offeredInterfaces($0) }
        guard offered.contains(bus) else {
            throw BuildError("--bus \(bus): the shim provides only \(offered.joined(separator: ", ")) for drivers to attach at")
        }
        return Set(tree.attachments.values.filter { $0.at.contains(bus) }.map(\.device))
            .filter { !ShimProvided.devices.contains($0) }.sorted()
    }

    /// The config a user writes for `driver` alone: its line at `bus`, and every child the tree
    /// declares at the interface attributes it offers (PHYs at mii, atabus at ata, audio at
    /// audiobus), so the driver is not childless; the children's own children are not added (the
    /// build allows them childless). Left out: the shim's own devices, pseudo-devices, children
    /// whose locators have no default (they need a value, e.g. an i2c address), and children the
    /// tree cannot build: one of their own source files or something they depend on is missing.
    public static func config(_ tree: ConfTree, driver: String, bus: String) -> [String] {
        var lines = [Resolver.example(tree, driver, at: bus)]
        var placed: Set<String> = []
        for ia in tree.offeredInterfaces(driver) where (tree.interface(ia) ?? []).allSatisfy({ $0.defaultValue != nil }) {
            for child in tree.children(of: ia) where child != driver && !ShimProvided.devices.contains(child)
                && tree.devices[child]?.pseudo != true && buildable(tree, child) && placed.insert(child + "@" + ia).inserted {
                lines.append(Resolver.example(tree, child, at: ia))
            }
        }
        return lines
    }

    /// Whether the tree defines everything the device and its attachments depend on, and has
    /// every file selected by one of them alone.
    static func buildable(_ tree: ConfTree, _ device: String) -> Bool {
        let own = [device] + (tree.attachmentsOf[device] ?? [])
        guard (try? Resolver.closure(tree, own, strict: true)) != nil else { return false }
        return tree.files.allSatisfy { f in
            guard case .name(let n)? = f.condition, own.contains(n) else { return true }
            return FileManager.default.fileExists(atPath: tree.root + "/" + f.path)
        }
    }

    public struct Options: Sendable {
        public var build: BuildOptions       // treeRoot, shimInclude, host, clang; config/output are per driver
        public var bus = "pci"
        public var drivers: [String] = []    // empty: all at the bus
        public var jobs = 2
        public var work: String              // configs, modules, logs and the object cache
        public init(build: BuildOptions, work: String) { self.build = build; self.work = work }
    }

    /// Builds each driver (`jobs` at once, one compile each) and reports every result; `progress`
    /// gets one line per driver as it finishes.
    public static func run(_ o: Options, progress: @escaping @Sendable (Entry) -> Void) throws -> Report {
        let start = Date()
        var base = o.build
        base.tree = try base.tree ?? Builder.loadTree(base)
        let tree = base.tree!
        let all = try drivers(tree, bus: o.bus)
        for d in o.drivers where !all.contains(d) {
            throw BuildError("\(d) does not attach at \(o.bus) in \(tree.root)'s files.* (\(all.count) drivers do; run without names for all)")
        }
        let names = o.drivers.isEmpty ? all : o.drivers
        try FileManager.default.createDirectory(atPath: o.work, withIntermediateDirectories: true)
        let cache = try ObjectCache(dir: o.work + "/objects")
        base.cache = cache
        base.jobs = 1
        base.allowChildless = true     // for the children: config() gives the driver its own
        let each = base
        let entries = Builder.parallel(count: names.count, jobs: o.jobs) { i -> Entry in
            let e = build(names[i], each, bus: o.bus, work: o.work)
            progress(e)
            return e
        }
        let (compiled, reused) = cache.counts
        return Report(tree: tree.root, bus: o.bus, seconds: Date().timeIntervalSince(start), jobs: o.jobs,
                      compiled: compiled, reused: reused, drivers: entries)
    }

    static func build(_ driver: String, _ base: BuildOptions, bus: String, work: String) -> Entry {
        let start = Date()
        let lines = config(base.tree!, driver: driver, bus: bus)
        var o = base
        o.config = work + "/\(driver).conf"
        o.output = work + "/\(driver).so"
        let log = Log()
        var entry = Entry(driver: driver, result: .links, seconds: 0, missing: [], message: nil, config: lines)
        do {
            try (lines.joined(separator: "\n") + "\n").write(toFile: o.config, atomically: false, encoding: .utf8)
            _ = try Builder.build(o) { log.add($0) }
        } catch let f as BuildError {
            entry.message = f.description
            switch f.reason {
            case .input, .unknownDevice, .tools: entry.result = .configuration
            case .link: entry.result = .link
            case .unresolved: entry.result = .unresolved
            case .compile: entry.result = .compile
            }
            if let d = f.diagnostics { entry.missing = kinds(d) }
            if let r = f.report, f.reason == .unresolved { entry.missing = kinds(r) }
        } catch {
            entry.result = .configuration
            entry.message = "\(error)"
        }
        try? log.text.write(toFile: work + "/\(driver).log", atomically: false, encoding: .utf8)
        entry.seconds = Date().timeIntervalSince(start)
        return entry
    }

    static func kinds(_ d: CompileDiagnostics) -> [Entry.Kind] {
        var out = d.gaps.keys.sorted().map { cat in
            Entry.Kind(kind: cat, items: d.gaps[cat]!.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }.map(\.key))
        }
        if d.otherErrors > 0 { out.append(Entry.Kind(kind: "other errors", items: ["\(d.otherErrors)"])) }
        return out
    }

    static func kinds(_ r: PortingReport) -> [Entry.Kind] {
        r.missing.keys.sorted().map { Entry.Kind(kind: $0, items: r.missing[$0]!) }
    }

    /// `links: N of M` and friends; `--floor` compares against `links`.
    public static func table(_ r: Report) -> String {
        let width = max(6, r.drivers.map(\.driver.count).max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        var s = pad("driver", width) + "  " + pad("result", 19) + "  seconds  first missing, by kind\n"
        for e in r.drivers {
            s += pad(e.driver, width) + "  " + pad(e.result.rawValue, 19) + "  "
                + pad(String(format: "%7.1f", e.seconds), 7) + "  " + summary(e) + "\n"
        }
        s += "\n" + totals(r)
        return s
    }

    /// The first items of each kind, at most three kinds: what a porter looks at first.
    public static func summary(_ e: Entry) -> String {
        switch e.result {
        case .links: return ""
        case .configuration, .link: return e.message ?? ""
        case .compile, .unresolved:
            let parts = e.missing.prefix(3).map { k in
                k.kind + ": " + k.items.prefix(3).joined(separator: " ") + (k.items.count > 3 ? " (+\(k.items.count - 3))" : "")
            }
            return parts.joined(separator: "; ") + (e.missing.count > 3 ? "; (+\(e.missing.count - 3) kinds)" : "")
        }
    }

    public static func totals(_ r: Report) -> String {
        var s = ""
        for res in [Result.unresolved, .compile, .configuration, .link] {
            let n = r.drivers.filter { $0.result == res }.count
            if n > 0 { s += "\(res.rawValue): \(n)\n" }
        }
        // The porter's list: the items most drivers wait for.
        var wanted: [String: Int] = [:]
        for e in r.drivers where e.result == .compile || e.result == .unresolved {
            for k in e.missing where k.kind != "other errors" { for i in k.items { wanted[k.kind + " " + i, default: 0] += 1 } }
        }
        let top = wanted.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(10)
        if !top.isEmpty { s += "most wanted: " + top.map { "\($0.key) (\($0.value))" }.joined(separator: ", ") + "\n" }
        s += String(format: "%d drivers in %.0f s with %d jobs; %d tree files compiled, %d compiles reused\n",
                    r.drivers.count, r.seconds, r.jobs, r.compiled, r.reused)
        s += "links: \(r.links) of \(r.drivers.count)\n"
        return s
    }

    public static func json(_ r: Report) throws -> String {
        struct Out: Encodable {
            var tree: String, bus: String, seconds: Double, jobs: Int, compiled: Int, reused: Int
            var links: Int, total: Int
            var drivers: [Entry]
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        let out = Out(tree: r.tree, bus: r.bus, seconds: r.seconds, jobs: r.jobs, compiled: r.compiled, reused: r.reused,
                      links: r.links, total: r.drivers.count, drivers: r.drivers)
        return String(decoding: try enc.encode(out), as: UTF8.self)
    }

    /// nil when `links` is at or above the number in `file`, else the one line saying so.
    public static func belowFloor(_ r: Report, file: String) throws -> String? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw BuildError("cannot read the floor file \(file)")
        }
        let words = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.flatMap { $0.split(separator: " ") }
        guard words.count == 1, let floor = Int(words[0]) else {
            throw BuildError("\(file): expected one number (the least `links` count), found `\(text.trimmingCharacters(in: .whitespacesAndNewlines))`")
        }
        guard r.links < floor else { return nil }
        return "survey: links dropped to \(r.links) of \(r.drivers.count), below the floor of \(floor) in \(file)"
    }
}

private final class Log: @unchecked Sendable {
    private var lines: [String] = []
    private let lock = NSLock()
    func add(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return lines.joined(separator: "\n") + "\n" }
}
