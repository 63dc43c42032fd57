import Foundation

/// `nbshim build`: config(1) for one module, then compile, link and check against the host.
public struct BuildOptions: Sendable {
    public enum TreeKind: Sendable { case netbsd, own }
    public var treeRoot: String           // NetBSD: DIR/sys; own tree: Drivers/
    public var treeKind: TreeKind
    public var config: String
    public var output: String?            // default: <config name>.so in the current directory
    public var jobs = 2
    public var allowUnresolved = false
    public var allowChildless = false
    public var shimInclude: String
    public var host: String               // the executable whose exports resolve the module
    public var clang: String
    /// The tree's files.* already read (a survey builds many modules from one tree).
    public var tree: ConfTree?
    /// Objects shared with other builds of the same survey.
    public var cache: ObjectCache?
    public init(treeRoot: String, treeKind: TreeKind, config: String, shimInclude: String, host: String, clang: String) {
        self.treeRoot = treeRoot; self.treeKind = treeKind; self.config = config
        self.shimInclude = shimInclude; self.host = host; self.clang = clang
    }
}

public struct BuildResult: Sendable {
    public var plan: ModulePlan
    public var output: String
    public var report: PortingReport
    public var stubbed: Bool
    public var seconds: Double
    public var warnings: Int
}

public enum Builder {
    /// The compiler flags of kernel code (Package.swift's kernelCFlags, the C dialect is clang's
    /// default like there), plus _KERNEL_OPT as config(1)'s kernel Makefiles add (opt_*.h exist).
    public static let kernelFlags = [
        "-ffreestanding", "-nostdlibinc", "-D_KERNEL", "-D_KERNEL_OPT", "-D__NetBSD__",
        "-U__linux__", "-U__gnu_linux__", "-Ulinux", "-fno-strict-aliasing", "-fno-common",
        "-fPIC", "-g", "-O3", "-ferror-limit=0",
    ]

    /// A NetBSD tree's version, refused unless a generation the headers know serves it.
    public static func api(_ o: BuildOptions) throws -> NetBSDVersion? {
        guard o.treeKind == .netbsd else { return nil }
        let v = try NetBSDVersion.of(treeRoot: o.treeRoot)
        _ = try APIGeneration.serving(v, tree: (o.treeRoot as NSString).deletingLastPathComponent)
        return v
    }

    public static func plan(_ o: BuildOptions, name: String) throws -> ModulePlan {
        let api = try api(o)
        var plan = try resolve(o, name: name)
        plan.api = api
        return plan
    }

    static func resolve(_ o: BuildOptions, name: String) throws -> ModulePlan {
        let tree = try o.tree ?? loadTree(o)
        let frag = try ConfigFragment.load(o.config)
        do {
            return try Resolver.resolve(tree: tree, fragment: frag, name: name, allowChildless: o.allowChildless)
        } catch var e as BuildError where e.reason == .unknownDevice && !tree.missingIncludes.isEmpty {
            e.what += "; the tree lacks \(tree.missingIncludes.count) included files.* (e.g. \(tree.missingIncludes[0].1))"
            throw e
        }
    }

    public static func loadTree(_ o: BuildOptions) throws -> ConfTree {
        let files = o.treeKind == .netbsd ? ShimProvided.netbsdFiles : ShimProvided.ownTreeFiles
        return try FilesParser.load(root: o.treeRoot, files: files, tolerateMissingIncludes: o.treeKind == .netbsd)
    }

    public static func build(_ o: BuildOptions, log: @escaping @Sendable (String) -> Void) throws -> BuildResult {
        let start = Date()
        let cfgName = ((o.config as NSString).lastPathComponent as NSString).deletingPathExtension
        let output = o.output ?? FileManager.default.currentDirectoryPath + "/\(cfgName).so"
        let name = Generator.cIdent(((output as NSString).lastPathComponent as NSString).deletingPathExtension)
        let plan = try plan(o, name: name)
        guard !plan.files.isEmpty else { throw BuildError("\(o.config): the configuration selects no source files") }

        let work = output + ".build"
        let gen = work + "/gen", obj = work + "/obj"
        let fm = FileManager.default
        try? fm.removeItem(atPath: work)
        try fm.createDirectory(atPath: obj, withIntermediateDirectories: true)
        var generated = Generator.files(plan)
        generated.merge(try DevList.missingHeaders(root: o.treeRoot)) { a, _ in a }
        if o.treeKind == .netbsd {
            generated.merge(UndeclaredOptions.headers(treeRoot: o.treeRoot, sources: plan.files.map { o.treeRoot + "/" + $0.path },
                                                      declared: Set(generated.keys))) { a, _ in a }
        }
        for (path, text) in generated {
            let full = gen + "/" + path
            try fm.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: false, encoding: .utf8)
        }
        if let api = plan.api { log("\(plan.name): \(api) API") }
        log("\(plan.name): \(plan.instances.count) config line(s), \(plan.files.count) source file(s) from \(o.treeRoot)")
        for w in plan.fragment.warnings { log(w) }
        for m in plan.fragment.makeoptions where m.name != "CPPFLAGS" {
            log("\(o.config): makeoptions \(m.name) not applied (nbshim build passes CPPFLAGS only)")
        }
        for m in plan.unappliedMakeoptions {
            log("\(m.location): makeoptions \(m.condition) \(m.name) not applied (nbshim build passes CPPFLAGS only)")
        }

        // The shim's kernel headers, then its own (host/: the contract, nbshim_mmio.h) one up,
        // as SwiftPM passes CNetBSDShim/include to the personality.
        let includes = (plan.api.map { ["-D__NetBSD_Version__=\($0.value)"] } ?? []) + ["-I", gen, "-I", o.shimInclude, "-I", (o.shimInclude as NSString).deletingLastPathComponent,
                        "-I", o.treeRoot] + (try machineFallback(treeRoot: o.treeRoot, into: work + "/md"))
        let sources = plan.files.map { (o.treeRoot + "/" + $0.path, $0.path) } + [(gen + "/ioconf.c", "ioconf.c")]
        let objects = sources.enumerated().map { i, s in
            obj + "/\(i)-" + ((s.1 as NSString).lastPathComponent as NSString).deletingPathExtension + ".o"
        }
        let compile = Compile(o: o, work: work, gen: gen, generated: generated)
        let results = parallel(count: sources.count, jobs: o.jobs) { i -> (Bool, String) in
            let (r, cached) = compile.run(kernelFlags + includes + plan.cppflags, sources[i].0, objects[i])
            log("[\(i + 1)/\(sources.count)] CC \(sources[i].1)\(cached ? " (cached)" : "")\(r.status == 0 ? "" : "  FAILED")")
            return (r.status == 0, r.output)
        }
        let warnings = results.map { $0.1.components(separatedBy: "warning: ").count - 1 }.reduce(0, +)
        let failed = results.indices.filter { !results[$0].0 }
        if !failed.isEmpty {
            var diags = CompileDiagnostics()
            for i in failed {
                let lines = results[i].1.split(separator: "\n", omittingEmptySubsequences: false)
                log("--- \(sources[i].1):\n" + lines.prefix(25).joined(separator: "\n")
                    + (lines.count > 25 ? "\n... (\(lines.count - 25) more lines, all in \(obj)/*.log)" : ""))
                try? results[i].1.write(toFile: objects[i] + ".log", atomically: false, encoding: .utf8)
                diags.add(file: sources[i].1, output: results[i].1, roots: [o.treeRoot, o.shimInclude])
            }
            log(String(diags.text.dropLast()))
            // What the files that did compile need from the host: the symbol half, so far.
            let compiled = results.indices.filter { results[$0].0 }.map { objects[$0] }
            var partial: PortingReport?
            if !compiled.isEmpty, (try? link(o, compiled, work + "/partial.so")) != nil,
               let host = try? hostExports(o), let (undefined, called) = try? undefinedSymbols(o, work + "/partial.so") {
                let missing = undefined.filter { !host.contains($0) }
                partial = PortingReport(missing: missing, notCalled: Set(missing.filter { !called.contains($0) }))
                log("partial " + String(partial!.text.dropLast()) + " (from the \(compiled.count) files that compiled; the \(failed.count) that did not may define some)")
            }
            throw BuildError("\(failed.count) of \(sources.count) files failed to compile (first: \(sources[failed[0]].1)); "
                           + "the errors are above, the generated headers in \(gen)", .compile, diagnostics: diags, report: partial)
        }

        try link(o, objects, output)
        let host = try hostExports(o)
        var (undefined, called) = try undefinedSymbols(o, output)
        var missing = undefined.filter { !host.contains($0) }
        var linked = objects
        if !missing.isEmpty && !plan.library.isEmpty {
            let members = compileLibrary(o, plan, compile, includes: includes, obj: obj, log: log)
            var taken: [String] = []
            // As a linker takes archive members: those defining a missing symbol, until none does.
            while let next = members.filter({ m in !taken.contains(m.0) && !m.1.isDisjoint(with: missing) }).nonEmpty {
                taken += next.map(\.0)
                linked += next.map(\.2)
                try link(o, linked, output)
                (undefined, called) = try undefinedSymbols(o, output)
                missing = undefined.filter { !host.contains($0) }
            }
            if !taken.isEmpty { log("linked from the tree's libraries: " + taken.joined(separator: " ")) }
        }
        let report = PortingReport(missing: missing, notCalled: Set(missing.filter { !called.contains($0) }))
        log(String(report.text.dropLast()))

        let defined = try symbols(o, ["--defined-only"], output)
        for r in plan.instances where !defined.contains(r.attachment + "_ca") {
            throw BuildError("\(output): no CFATTACH_DECL for attachment `\(r.attachment)` in the compiled files "
                           + "(\(r.attachment)_ca is not defined)", .link)
        }

        var stubbed = false
        if !missing.isEmpty {
            guard o.allowUnresolved else {
                throw BuildError("\(output): \(missing.count) kernel symbol(s) are not provided by the host (porting report above)", .unresolved,
                                 fix: "implement them in the personality, or pass --allow-unresolved to link stubs that panic when called",
                                 report: report)
            }
            let stubs = obj + "/nbshim_stubs.c"
            try stubSource(missing).write(toFile: stubs, atomically: false, encoding: .utf8)
            let r = run(o.clang, kernelFlags + includes + ["-c", stubs, "-o", obj + "/nbshim_stubs.o"])
            guard r.status == 0 else { throw BuildError("compiling the unresolved-symbol stubs failed: \(r.output.prefix(300))", .tools) }
            try link(o, linked + [obj + "/nbshim_stubs.o"], output)
            (undefined, called) = try undefinedSymbols(o, output)
            missing = undefined.filter { !host.contains($0) }
            guard missing.isEmpty else { throw BuildError("\(output): still unresolved after stubbing: \(missing.joined(separator: " "))", .compile) }
            log("linked \(report.count) panic stub(s) for the unresolved symbols (--allow-unresolved)")
            stubbed = true
        }
        let seconds = Date().timeIntervalSince(start)
        return BuildResult(plan: plan, output: output, report: report, stubbed: stubbed, seconds: seconds, warnings: warnings)
    }

    /// The tree's own amd64 headers answer for machine/ and x86/ headers the shim does not have
    /// (limits, disklabel, signal, lock ...), after every other directory, as a NetBSD kernel
    /// build's `machine` and `x86` links do. The shim's machine/ headers still win where it has them
    /// (curcpu, interrupts, bus_space).
    static func machineFallback(treeRoot: String, into dir: String) throws -> [String] {
        let links = ["machine": "arch/amd64/include", "x86": "arch/x86/include"]
            .filter { FileManager.default.fileExists(atPath: treeRoot + "/" + $0.value) }
        guard !links.isEmpty else { return [] }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, target) in links {
            try FileManager.default.createSymbolicLink(atPath: dir + "/" + name, withDestinationPath: treeRoot + "/" + target)
        }
        return ["-idirafter", dir]
    }

    /// The plan's library files that compile, each with the symbols it defines and its object.
    /// One that does not compile is left out with one line: it matters only if a symbol stays missing.
    static func compileLibrary(_ o: BuildOptions, _ plan: ModulePlan, _ compile: Compile, includes: [String], obj: String,
                               log: @escaping @Sendable (String) -> Void) -> [(String, Set<String>, String)] {
        let lib = plan.library
        let made = parallel(count: lib.count, jobs: o.jobs) { i -> (String, Set<String>, String)? in
            let out = obj + "/lib\(i)-" + ((lib[i].path as NSString).lastPathComponent as NSString).deletingPathExtension + ".o"
            let r = compile.run(kernelFlags + includes + plan.cppflags, o.treeRoot + "/" + lib[i].path, out).0
            guard r.status == 0 else {
                let first = r.output.split(separator: "\n").first { $0.contains("error:") } ?? "?"
                log("library file \(lib[i].path) did not compile, left out: \(first)")
                return nil
            }
            let defs = run(nm(o), ["--defined-only", "--extern-only", "--format=just-symbols", out])
            return (lib[i].path, Set(defs.output.split(separator: "\n").map(String.init)), out)
        }
        return made.compactMap { $0 }
    }

    /// One C function per missing symbol; reaching it panics with its name.
    static func stubSource(_ syms: [String]) -> String {
        var s = Generator.banner + "#include <sys/param.h>\n#include <sys/systm.h>\n\n"
        for sym in syms.sorted() {
            s += "void \(sym)(void);\nvoid \(sym)(void) { panic(\"\(sym): not implemented in nbshim\"); }\n"
        }
        return s
    }

    /// -Bsymbolic: the module's references to its own drivers and tables stay its own, as in a
    /// NetBSD kernel module, instead of binding to a same-named definition in the host (the
    /// built-in edu), so registering a duplicate driver is refused rather than silently merged.
    static func link(_ o: BuildOptions, _ objects: [String], _ output: String) throws {
        let r = run(o.clang, ["-shared", "-nostdlib", "-fuse-ld=lld", "-Wl,--build-id", "-Wl,-Bsymbolic", "-o", output] + objects)
        guard r.status == 0 else { throw BuildError("linking \(output) failed: \(r.output.prefix(500))", .link) }
    }

    /// One compile of a module's file: through the survey's object cache when there is one. Files
    /// the build generated itself (ioconf.c) are the module's own and always compiled.
    struct Compile: Sendable {
        var o: BuildOptions, work: String, gen: String, generated: [String: String]
        func run(_ flags: [String], _ source: String, _ object: String) -> (RunResult, cached: Bool) {
            let args = flags + ["-c", source, "-o", object]
            guard let cache = o.cache, !source.hasPrefix(gen + "/") else { return (Builder.run(o.clang, args), false) }
            return cache.compile(clang: o.clang, args: args, source: source, object: object, gen: gen,
                                 generated: generated, placeholders: [work: "$WORK"])
        }
    }

    static func nm(_ o: BuildOptions) -> String {
        let beside = (o.clang as NSString).deletingLastPathComponent + "/llvm-nm"
        return FileManager.default.isExecutableFile(atPath: beside) ? beside : "/usr/bin/nm"
    }

    static func symbols(_ o: BuildOptions, _ flags: [String], _ file: String) throws -> Set<String> {
        let r = run(nm(o), ["-D", "--format=just-symbols"] + flags + [file])
        guard r.status == 0 else { throw BuildError("nm \(file) failed: \(r.output.prefix(300))", .tools) }
        return Set(r.output.split(separator: "\n").map { String($0.split(separator: "@")[0]) })
    }

    /// The host's dynamic exports and those of the libraries it loads (libc & co): what dlopen
    /// resolves a module's undefined symbols against.
    public static func hostExports(_ o: BuildOptions) throws -> Set<String> {
        guard FileManager.default.isExecutableFile(atPath: o.host) else {
            throw BuildError("host executable \(o.host) not found", .tools, fix: "pass --host PATH to the nbshim binary")
        }
        return try exportsCache.get(o.host) { try readHostExports(o) }
    }

    /// Read once per host binary and process: a survey checks every module against the same one.
    static let exportsCache = Memo<Set<String>>()

    static func readHostExports(_ o: BuildOptions) throws -> Set<String> {
        var out = try symbols(o, ["--defined-only"], o.host)
        let ldd = run("/usr/bin/ldd", [o.host])
        for line in ldd.output.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if let arrow = parts.firstIndex(of: "=>"), arrow + 1 < parts.count, parts[arrow + 1].hasPrefix("/") {
                out.formUnion(try symbols(o, ["--defined-only"], String(parts[arrow + 1])))
            }
        }
        return out
    }

    /// Undefined non-weak symbols of a module, and which of them it calls (PLT relocations).
    static func undefinedSymbols(_ o: BuildOptions, _ file: String) throws -> ([String], Set<String>) {
        let r = run(nm(o), ["-D", "--undefined-only", file])
        guard r.status == 0 else { throw BuildError("nm \(file) failed: \(r.output.prefix(300))", .tools) }
        var undefined: [String] = []
        for line in r.output.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count >= 2, f[f.count - 2] == "U" else { continue }   // "w"/"v": weak, may stay unresolved
            undefined.append(String(f[f.count - 1].split(separator: "@")[0]))
        }
        let readelf = (o.clang as NSString).deletingLastPathComponent + "/llvm-readelf"
        let rel = run(FileManager.default.isExecutableFile(atPath: readelf) ? readelf : "/usr/bin/readelf", ["-r", "-W", file])
        var called: Set<String> = []
        for line in rel.output.split(separator: "\n") where line.contains("JUMP_SLOT") {
            if let sym = line.split(separator: " ").dropFirst(4).first { called.insert(String(sym.split(separator: "@")[0])) }
        }
        return (undefined, called)
    }

    /// Runs `work(i)` for 0..<count on up to `jobs` threads, results in index order.
    static func parallel<T: Sendable>(count: Int, jobs: Int, _ work: @escaping @Sendable (Int) -> T) -> [T] {
        let results = Results<T>(count)
        let next = Results<Int>(1)
        next.set(0, 0)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(jobs, count)) {
            DispatchQueue.global().async(group: group) {
                while let i = next.take(limit: count) { results.set(i, work(i)) }
            }
        }
        group.wait()
        return results.all()
    }

    public struct RunResult: Sendable { public var status: Int32; public var output: String }

    /// Runs a program, stdout and stderr together.
    public static func run(_ exe: String, _ args: [String]) -> RunResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        do { try p.run() } catch { return RunResult(status: -1, output: "cannot run \(exe): \(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return RunResult(status: p.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}

/// A lock-protected array for the compile workers.
final class Results<T>: @unchecked Sendable {
    private var items: [T?]
    private let lock = NSLock()
    init(_ n: Int) { items = Array(repeating: nil, count: n) }
    func set(_ i: Int, _ v: T) { lock.lock(); items[i] = v; lock.unlock() }
    func all() -> [T] { lock.lock(); defer { lock.unlock() }; return items.map { $0! } }
    func take(limit: Int) -> Int? where T == Int {
        lock.lock(); defer { lock.unlock() }
        let i = items[0]!
        guard i < limit else { return nil }
        items[0] = i + 1
        return i
    }
}

/// Values made once per key, for the whole process.
final class Memo<T>: @unchecked Sendable {
    private var values: [String: T] = [:]
    private let lock = NSLock()
    func get(_ key: String, _ make: () throws -> T) rethrows -> T {
        lock.lock(); defer { lock.unlock() }
        if let v = values[key] { return v }
        let v = try make()
        values[key] = v
        return v
    }
}

extension Array {
    /// nil when empty, for `while let` loops.
    var nonEmpty: Self? { isEmpty ? nil : self }
}
