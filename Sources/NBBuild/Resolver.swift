/// A configuration line matched against the tree: which attachment, at which interface
/// attribute, below which parent, with every locator's value.
public struct ResolvedInstance: Sendable {
    public var instance: Instance
    public var attachment: String
    public var iattr: String
    public var parentDevice: String?     // nil: any device offering `iattr`
    public var locators: [String]        // in the attribute's order, "?" replaced by defaults
}

/// What one module is made of.
public struct ModulePlan: Sendable {
    public var name: String
    public var tree: ConfTree
    public var fragment: ConfigFragment
    public var instances: [ResolvedInstance]
    public var devices: [String]          // drivers the module declares (CFDRIVER_DECL), config order
    public var selected: Set<String>      // names that hold in conditions (module + shim), lower case
    public var provided: Set<String>      // names the shim alone makes hold
    public var files: [FileDef]           // what to compile
    public var library: [FileDef]         // linked when they define a missing symbol (ShimProvided.libraries)
    public var options: [String: String]  // option -> value ("1" for flags)
    public var cppflags: [String]         // from makeoptions CPPFLAGS of selected attributes
    /// Selected make options other than CPPFLAGS (per-file CWARNFLAGS, CFLAGS): make variables
    /// of NetBSD's kernel Makefiles, which nbshim build does not run; the build names each.
    public var unappliedMakeoptions: [MakeOption]
    /// The tree's version, which the module is compiled for (nil: our own tree, the headers' default).
    public var api: NetBSDVersion? = nil
}

public enum Resolver {
    public static func resolve(tree: ConfTree, fragment: ConfigFragment, name: String,
                               allowChildless: Bool = false) throws -> ModulePlan {
        let cfg = fragment.file
        let provided = try closure(tree, ShimProvided.attributes + ShimProvided.devices, strict: false)
        let configured = Set(fragment.instances.map(\.device))
        let parents = configured.union(ShimProvided.devices)

        var resolved: [ResolvedInstance] = []
        for inst in fragment.instances {
            let at = "\(inst.location): `\(inst.line)`"
            guard let dev = tree.devices[inst.device] else {
                throw BuildError("\(at): no device `\(inst.device)` in the tree's files.* (\(tree.root))", .unknownDevice)
            }
            if dev.pseudo { throw BuildError("\(at): \(inst.device) is a pseudo-device; write `pseudo-device \(inst.device)`") }
            var candidates: [String]
            var parentDevice: String?
            if tree.devices[inst.parent] != nil {
                guard parents.contains(inst.parent) else {
                    throw BuildError("\(at): nothing in the config is a `\(inst.parent)`; add it, e.g. "
                                   + "`\(example(tree, inst.parent))`")
                }
                parentDevice = inst.parent
                candidates = tree.offeredInterfaces(inst.parent)
            } else if tree.interface(inst.parent) != nil {
                let offerers = tree.offerers(of: inst.parent).filter(parents.contains)
                guard !offerers.isEmpty else {
                    let any = tree.offerers(of: inst.parent)
                    throw BuildError("\(at): nothing in the config offers `\(inst.parent)`; add a device that does"
                                   + (any.isEmpty ? "" : " (\(list(any)))"))
                }
                candidates = [inst.parent]
            } else {
                throw BuildError("\(at): `\(inst.parent)` is neither a device nor an interface attribute in the tree")
            }
            let atts = (tree.attachmentsOf[inst.device] ?? []).compactMap { tree.attachments[$0] }
            guard let att = atts.first(where: { !Set($0.at).isDisjoint(with: candidates) }) else {
                let places = Array(Set(atts.flatMap(\.at))).sorted()
                throw BuildError("\(at): \(inst.device) attaches at \(places.isEmpty ? "nothing" : places.joined(separator: " or ")), not at \(inst.parent)")
            }
            let iattr = att.at.first(where: candidates.contains)!
            resolved.append(ResolvedInstance(instance: inst, attachment: att.name, iattr: iattr,
                                             parentDevice: parentDevice,
                                             locators: try locators(tree.interface(iattr) ?? [], inst, at)))
        }

        if !allowChildless {
            for dev in uniq(fragment.instances.map(\.device)) {
                for ia in tree.offeredInterfaces(dev) where !tree.children(of: ia).isEmpty {
                    if !resolved.contains(where: { $0.iattr == ia }) {
                        let kids = tree.children(of: ia)
                        throw BuildError("\(cfg): \(dev) offers `\(ia)` but nothing in the config attaches at it, so "
                                       + "\(dev) would find no children there; add e.g. `\(example(tree, kids.contains("ukphy") ? "ukphy" : kids[0], at: ia))` "
                                       + "(\(list(kids))), or pass --allow-childless")
                    }
                }
            }
        }

        var options: [String: String] = [:]
        for (n, v) in fragment.options {
            if let def = tree.options[n], def.obsolete {
                throw BuildError("\(cfg): option \(n) is obsolete (\(def.location))")
            }
            options[n] = v ?? "1"
        }
        for p in fragment.pseudoDevices where tree.devices[p]?.pseudo != true {
            throw BuildError("\(cfg): `pseudo-device \(p)`: no defpseudo `\(p)` in the tree")
        }
        var roots = resolved.flatMap { [$0.instance.device, $0.attachment, $0.iattr] } + fragment.pseudoDevices
        roots += options.keys.flatMap { [$0] + (tree.options[$0]?.deps ?? []) }
        for a in fragment.selects where tree.attributes[a] == nil {
            throw BuildError("\(cfg): `select \(a)`: no attribute `\(a)` in the tree's files.*")
        }
        roots += fragment.selects
        let selected = provided.union(try closure(tree, roots, strict: true))

        var seen: Set<String> = []
        var files: [FileDef] = []
        var library: [FileDef] = []
        for f in tree.files {
            let always = f.condition.map { $0.holds(provided) } ?? true
            if always {
                if !f.isObject, ShimProvided.libraries.contains(where: f.path.hasPrefix),
                   seen.insert(f.path).inserted { library.append(f) }
                continue
            }
            guard f.condition!.holds(selected), seen.insert(f.path).inserted else { continue }
            if f.isObject { throw BuildError("\(f.location): \(f.path) is a prebuilt object; nbshim build compiles sources only") }
            files.append(f)
        }
        var cppflags: [String] = []
        var unapplied: [MakeOption] = []
        for m in tree.makeoptions where m.condition.holds(selected) {
            guard m.name == "CPPFLAGS" else {
                if !m.condition.holds(provided) { unapplied.append(m) }
                continue
            }
            cppflags += m.value.split(separator: " ").map {
                $0.replacingOccurrences(of: "${S}", with: tree.root).replacingOccurrences(of: "$S", with: tree.root)
            }
        }
        // The config's own CPPFLAGS (`=` sets, `+=` appends) come before what the tree's files.* append.
        var own: [String] = []
        for m in fragment.makeoptions where m.name == "CPPFLAGS" {
            let flags = m.value.split(separator: " ").map(String.init)
            own = m.append ? own + flags : flags
        }
        cppflags = own + cppflags
        return ModulePlan(name: name, tree: tree, fragment: fragment, instances: resolved,
                          devices: uniq(fragment.instances.map(\.device)) + fragment.pseudoDevices,
                          selected: selected, provided: provided, files: files, library: library, options: options, cppflags: cppflags,
                          unappliedMakeoptions: unapplied)
    }

    /// Names and everything they depend on, lower case. Dependencies may be declared after their
    /// users (config(1) allows it), so an undefined one is found here; `strict` makes it an error.
    static func closure(_ tree: ConfTree, _ names: [String], strict: Bool) throws -> Set<String> {
        var out: Set<String> = []
        var work = names.map { ($0, nil as (String, SourceLocation)?) }
        while let (n, from) = work.popLast() {
            guard out.insert(n.lowercased()).inserted else { continue }
            if strict, let (user, loc) = from, tree.attributes[n] == nil, tree.options[n] == nil {
                throw BuildError("\(loc): `\(user)` depends on `\(n)`, which no files.* line defines"
                               + (tree.missingIncludes.isEmpty ? "" : " (the tree lacks \(tree.missingIncludes.count) included files.*)"))
            }
            if let a = tree.attributes[n] { work += a.deps.map { ($0, (n, a.location)) } }
            if let a = tree.attachments[n] { work += a.deps.map { ($0, (n, a.location)) } }
            if let o = tree.options[n] { work += o.deps.map { ($0, (n, o.location)) } }
        }
        return out
    }

    static func locators(_ iface: [Locator], _ inst: Instance, _ at: String) throws -> [String] {
        for l in inst.locators where !iface.contains(where: { $0.name == l.name }) {
            throw BuildError("\(at): `\(inst.parent)` has no locator `\(l.name)`"
                           + (iface.isEmpty ? "" : " (it has \(iface.map(\.name).joined(separator: ", ")))"))
        }
        var out: [String] = []
        for l in iface {
            let given = inst.locators.last(where: { $0.name == l.name })
            let size = l.arraySize ?? 1
            if let v = given?.value {
                guard size == 1 else { throw BuildError("\(at): locator \(l.name) is an array of \(size); use `?`") }
                out.append(v)
            } else if let d = l.defaultValue {
                let vals = d.split(separator: ",").map(String.init)
                out += size == 1 ? [d] : (vals.count == size ? vals : Array(repeating: vals[0], count: size))
            } else {
                throw BuildError("\(at): locator `\(l.name)` has no default and must be given (`\(l.name) N`)")
            }
        }
        return out
    }

    /// A config line for `device`, e.g. `virtio* at pci? dev ? function ?`.
    static func example(_ tree: ConfTree, _ device: String, at: String? = nil) -> String {
        guard let att = (tree.attachmentsOf[device] ?? []).compactMap({ tree.attachments[$0] }).first else { return "\(device)* at ..." }
        let ia = at ?? att.at[0]
        let locs = (tree.interface(ia) ?? []).map { " \($0.name) ?" }.joined()
        return "\(device)* at \(ia)?\(locs)"
    }

    static func list(_ names: [String]) -> String {
        names.count <= 8 ? names.joined(separator: ", ") : names.prefix(8).joined(separator: ", ") + ", ..."
    }
}

func uniq(_ xs: [String]) -> [String] {
    var seen: Set<String> = []
    return xs.filter { seen.insert($0).inserted }
}
