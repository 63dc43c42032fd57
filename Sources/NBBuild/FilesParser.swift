import Foundation

/// Reads a tree's files.* the way config(1) does: statement by statement, following includes,
/// with ifdef/ifndef/elifdef/elifndef/else/endif testing names defined so far. Anything it does
/// not know is an error naming file:line.
public struct FilesParser {
    public private(set) var tree: ConfTree
    private var prefixes: [String] = []
    /// Conditional nesting: whether the current branch is read, and whether one branch was taken.
    private var conds: [(active: Bool, taken: Bool, sawElse: Bool, location: SourceLocation)] = []
    private var includeDepth = 0

    /// Stripped trees (rumpkernel's src-netbsd) lack whole subsystems that conf/files includes;
    /// with this set, what they would declare stays unknown and is reported when a config needs it.
    private let tolerateMissingIncludes: Bool

    public init(root: String, tolerateMissingIncludes: Bool = false) {
        tree = ConfTree(root: root)
        self.tolerateMissingIncludes = tolerateMissingIncludes
    }

    /// Loads `files` (paths relative to `root`) in order into one tree.
    public static func load(root: String, files: [String], tolerateMissingIncludes: Bool = false) throws -> ConfTree {
        var p = FilesParser(root: root, tolerateMissingIncludes: tolerateMissingIncludes)
        for f in files { try p.read(f, from: nil) }
        return p.tree
    }

    private var reading: Bool { conds.allSatisfy(\.active) }

    public mutating func read(_ relPath: String, from: SourceLocation?, optional: Bool = false) throws {
        let full = relPath.hasPrefix("/") ? relPath : tree.root + "/" + relPath
        guard let data = FileManager.default.contents(atPath: full), let text = String(data: data, encoding: .utf8)
            ?? String(data: data, encoding: .isoLatin1) else {
            if optional { return }
            if let from, tolerateMissingIncludes {
                tree.missingIncludes.append((from, relPath))
                return
            }
            throw BuildError("\(from.map { "\($0): " } ?? "")cannot read \(full)"
                + (from == nil ? " (is the tree root right? pass --netbsd-src DIR or --tree DIR)" : ""))
        }
        includeDepth += 1
        defer { includeDepth -= 1 }
        if includeDepth > 32 { throw BuildError("\(from.map(\.description) ?? relPath): includes nested too deep") }
        tree.filesRead.append(relPath)
        let depth = conds.count
        for st in try Tokenizer.statements(text, file: relPath) { try statement(st) }
        if conds.count > depth {
            throw BuildError("\(conds.last!.location): reached the end of \(relPath) looking for endif")
        }
    }

    private mutating func statement(_ st: Statement) throws {
        var c = TokenCursor(st)
        guard let first = c.next(), first.kind == .word else { throw c.error("expected a directive") }
        switch first.text {
        case "ifdef", "ifndef", "elifdef", "elifndef":
            let name = try c.word("a name")
            try c.expectEnd()
            let defined = tree.attributes[name] != nil
            let want = first.text.hasSuffix("ndef") ? !defined : defined
            if first.text.hasPrefix("elif") {
                guard var top = conds.popLast(), !top.sawElse else { throw BuildError("\(st.location): \(first.text) without ifdef") }
                top.active = !top.taken && want
                top.taken = top.taken || top.active
                conds.append(top)
            } else {
                let active = reading && want
                conds.append((active, active || !reading, false, st.location))
            }
            return
        case "else":
            try c.expectEnd()
            guard var top = conds.popLast(), !top.sawElse else { throw BuildError("\(st.location): else without ifdef") }
            top.active = !top.taken
            top.taken = true
            top.sawElse = true
            conds.append(top)
            return
        case "endif":
            try c.expectEnd()
            guard conds.popLast() != nil else { throw BuildError("\(st.location): endif without ifdef") }
            return
        default:
            break
        }
        guard reading else { return }
        switch first.text {
        case "include", "cinclude":
            let path = try c.value("a file name")
            try c.expectEnd()
            let dir = (st.location.file as NSString).deletingLastPathComponent
            let rel = path.hasPrefix("./") ? (dir.isEmpty ? String(path.dropFirst(2)) : dir + "/" + path.dropFirst(2))
                : prefixed(path)
            try read(rel, from: st.location, optional: first.text == "cinclude")
        case "version":
            _ = try c.word("a version number")
            try c.expectEnd()
        case "devclass":
            let name = try c.word("a device class name")
            try c.expectEnd()
            try defineAttribute(AttributeDef(name: name, kind: .devclass, interface: nil, deps: [], location: st.location), c)
        case "define":
            let name = try c.word("an attribute name")
            let iface = try interfaceOpt(&c)
            let deps = try depsOpt(&c)
            try c.expectEnd()
            try defineAttribute(AttributeDef(name: name, kind: .plain, interface: iface, deps: deps, location: st.location), c)
        case "device", "defpseudo", "defpseudodev":
            let name = try c.word("a device name")
            let iface = try interfaceOpt(&c)
            let deps = try depsOpt(&c)
            try c.expectEnd()
            try defineAttribute(AttributeDef(name: name, kind: .device, interface: iface, deps: deps, location: st.location), c)
            tree.devices[name] = DeviceDef(name: name, deps: deps, pseudo: first.text != "device", location: st.location)
        case "attach":
            try attach(&c)
        case "file", "object":
            try file(&c, object: first.text == "object")
        case "defflag", "defparam", "defopt", "deffs":
            try defopt(&c, kind: first.text, obsolete: false)
        case "obsolete":
            let kind = try c.word("defflag or defparam")
            guard kind == "defflag" || kind == "defparam" else { throw c.error("obsolete takes defflag or defparam, not `\(kind)`") }
            try defopt(&c, kind: kind, obsolete: true)
        case "device-major":
            let name = try c.word("a device name")
            guard c.peekWordIs("char") || c.peekWordIs("block") else { throw c.error("expected `char N` or `block N`") }
            tree.majors[name] = st.location       // numbers, condition and device nodes: not needed by modules
        case "maxpartitions":
            let n = try c.word("a number")
            try c.expectEnd()
            guard let v = Int(n) else { throw c.error("maxpartitions needs a number, not `\(n)`") }
            tree.maxpartitions = v
        case "maxusers":
            for _ in 0..<3 { _ = try c.word("three numbers") }
            try c.expectEnd()
        case "makeoptions":
            try makeoptions(&c)
        case "prefix", "buildprefix":
            if c.atEnd {
                if first.text == "prefix" {
                    guard prefixes.popLast() != nil else { throw BuildError("\(st.location): prefix stack is empty") }
                }
            } else {
                let p = try c.value("a path")
                try c.expectEnd()
                if first.text == "prefix" { prefixes.append(p) }
            }
        default:
            throw BuildError("\(st.location): unknown directive `\(first.text)` (nbshim build reads the files.* directives of config(1); report this line)")
        }
    }

    private func prefixed(_ path: String) -> String {
        guard let p = prefixes.last, !path.hasPrefix("/") else { return path }
        return p + "/" + path
    }

    private mutating func defineAttribute(_ a: AttributeDef, _ c: TokenCursor) throws {
        if var old = tree.attributes[a.name], old.kind != .devclass, a.kind != .devclass,
           !(old.kind == .device && a.kind == .device), old.interface == nil || a.interface == nil {
            // config(1) accepts `define x {}` + `device x` (dev/i2c/files.i2c) and `defpseudo x` +
            // `define x` (crypto): one attribute; the device's kind and whichever interface exists.
            if a.kind == .device { old.kind = .device; old.location = a.location }
            old.interface = old.interface ?? a.interface
            old.deps += a.deps
            tree.attributes[a.name] = old
            return
        }
        if let old = tree.attributes[a.name] {
            throw BuildError("\(a.location): `\(a.name)` is already defined at \(old.location)")
        }
        tree.attributes[a.name] = a
    }

    /// `{ [loc = default], loc, loc[N] = {a, b}, ... }` or nothing.
    private func interfaceOpt(_ c: inout TokenCursor) throws -> [Locator]? {
        guard c.accept("{") else { return nil }
        var locs: [Locator] = []
        if c.accept("}") { return locs }
        repeat {
            let optional = c.accept("[")
            let name = try c.word("a locator name")
            var size: Int?
            if c.accept("[") {
                let n = try c.word("an array size")
                guard let v = Int(n), v > 0 else { throw c.error("bad locator array size `\(n)`") }
                size = v
                try c.expect("]")
            }
            var dflt: String?
            if c.accept("=") {
                if c.accept("{") {
                    var vals: [String] = []
                    repeat { vals.append(try c.value("a locator default")) } while c.accept(",")
                    try c.expect("}")
                    dflt = vals.joined(separator: ",")
                } else {
                    dflt = try c.value("a locator default")
                }
            }
            if optional {
                try c.expect("]")
                if dflt == nil { throw c.error("optional locator `\(name)` needs a default (`[\(name) = -1]`)") }
            }
            locs.append(Locator(name: name, defaultValue: dflt, arraySize: size))
        } while c.accept(",")
        try c.expect("}")
        return locs
    }

    private func depsOpt(_ c: inout TokenCursor) throws -> [String] {
        guard c.accept(":") else { return [] }
        var deps: [String] = []
        repeat { deps.append(try c.word("an attribute name")) } while c.accept(",")
        return deps
    }

    private mutating func attach(_ c: inout TokenCursor) throws {
        let loc = c.statement.location
        let dev = try c.word("a device name")
        guard c.peekWordIs("at") else { throw c.error("expected `at`") }
        _ = c.next()
        var at: [String] = []
        repeat { at.append(try c.word("an interface attribute")) } while c.accept(",")
        var name = dev
        if c.peekWordIs("with") {
            _ = c.next()
            name = try c.word("an attachment name")
        }
        let deps = try depsOpt(&c)
        try c.expectEnd()
        guard tree.devices[dev] != nil else { throw BuildError("\(loc): attach of `\(dev)`, which no `device` line declares") }
        for a in at where a != "root" && tree.interface(a) == nil {   // `root`: config(1)'s keyword for the top
            throw BuildError("\(loc): `\(dev)` attaches at `\(a)`, which is not an interface attribute (a `define` or `device` with {locators})")
        }
        if let old = tree.attachments[name] { throw BuildError("\(loc): attachment `\(name)` already defined at \(old.location)") }
        if name != dev, tree.attributes[name] == nil {
            // config(1) lets conditions name an attachment (`file dev/pci/ld_virtio.c ld_virtio`).
            tree.attributes[name] = AttributeDef(name: name, kind: .plain, interface: nil, deps: deps, location: loc)
        }
        tree.attachments[name] = AttachDef(device: dev, name: name, at: at, deps: deps, location: loc)
        tree.attachmentsOf[dev, default: []].append(name)
    }

    private mutating func file(_ c: inout TokenCursor, object: Bool) throws {
        let loc = c.statement.location
        let path = try c.value("a file path")
        var f = FileDef(path: prefixed(path), condition: nil, isObject: object, location: loc)
        if let t = c.peek, t.kind == .punct ? ["!", "("].contains(t.text)
            : !["needs-flag", "needs-count", "compile-with"].contains(t.text) {
            f.condition = try Condition.parse(&c)
        }
        while let t = c.next() {
            switch t.text {
            case "needs-flag": f.needsFlag = true
            case "needs-count": f.needsCount = true
            case "compile-with": f.compileWith = try c.value("a compile rule")
            default:
                c.index -= 1
                throw c.error("unexpected `\(t)` in file line (conditions join names with | and &)")
            }
        }
        tree.files.append(f)
    }

    /// defflag/defparam/defopt/deffs [opt_file.h] NAME[=value][:=lint] ... [: deps]
    private mutating func defopt(_ c: inout TokenCursor, kind: String, obsolete: Bool) throws {
        let loc = c.statement.location
        var header: String?
        if let t = c.peek, t.kind == .word, t.text.hasSuffix(".h") {
            header = t.text
            _ = c.next()
        }
        var names: [(String, String?)] = []
        while let t = c.peek, t.kind == .word {
            _ = c.next()
            var value: String?
            if c.accept("=") { value = try c.value("a value for \(t.text)") }
            if c.accept(":=") { _ = try c.value("a lint value for \(t.text)") }   // config -L only
            names.append((t.text, value))
        }
        if names.isEmpty { throw c.error("\(kind) without option names") }
        let deps = try depsOpt(&c)
        try c.expectEnd()
        let k: OptionDef.Kind = kind == "deffs" ? .filesystem : kind == "defparam" ? .param : .flag
        for (n, v) in names {
            let h = header ?? "opt_\(n.lowercased()).h"
            if let old = tree.options[n], !old.obsolete, !obsolete {
                throw BuildError("\(loc): option `\(n)` is already defined at \(old.location)")
            }
            tree.options[n] = OptionDef(name: n, header: h, kind: k, defaultValue: v, deps: deps,
                                        obsolete: obsolete, location: loc)
        }
    }

    /// `makeoptions COND NAME+="value", ...`: in files.* every make option is conditional and
    /// appends (config(1)'s grammar); NAME may be quoted (`"CWARNFLAGS.x.c"+=...`, 9.x).
    private mutating func makeoptions(_ c: inout TokenCursor) throws {
        let loc = c.statement.location
        repeat {
            guard let t = c.peek, t.kind == .word || (t.kind == .punct && ["!", "("].contains(t.text)),
                  c.statement.tokens.count > c.index + 1, c.statement.tokens[c.index + 1] != Token(kind: .punct, text: "+=", line: t.line) else {
                throw c.error("makeoptions in files.* needs a condition: `makeoptions ATTR NAME+=\"value\"`")
            }
            let cond = try Condition.parse(&c)
            guard let n = c.next(), n.kind != .punct else {
                c.index -= 1
                throw c.error("expected a make variable after the condition `\(cond)`")
            }
            guard c.accept("+=") else {
                throw c.error("expected `+=` after \(n) (files.* make options append; `=` is for kernel configs)")
            }
            let value = try c.value("a value")
            tree.makeoptions.append(MakeOption(condition: cond, name: n.text, value: value, location: loc))
        } while c.accept(",")
        try c.expectEnd()
    }
}
