/// What a tree's files.* declare, as config(1) understands it. Devices are attributes too (a
/// device's name can be a condition, and a device with locators is an interface attribute).
public struct Locator: Sendable, Equatable {
    public var name: String
    /// The value `?` stands for; nil when the locator must be given.
    public var defaultValue: String?
    public var arraySize: Int?
}

public struct AttributeDef: Sendable {
    public enum Kind: Sendable { case plain, device, devclass }
    public var name: String
    public var kind: Kind
    /// nil: a plain attribute; non-nil (maybe empty): an interface attribute children attach at.
    public var interface: [Locator]?
    public var deps: [String]
    public var location: SourceLocation
}

public struct DeviceDef: Sendable {
    public var name: String
    public var deps: [String]
    public var pseudo: Bool
    public var location: SourceLocation
}

public struct AttachDef: Sendable {
    public var device: String
    public var name: String          // the `with` name, else the device's
    public var at: [String]          // interface attributes it attaches at
    public var deps: [String]
    public var location: SourceLocation
}

public struct FileDef: Sendable {
    public var path: String          // relative to the tree root, prefixes applied
    public var condition: Condition? // nil: always part of the kernel
    public var needsFlag = false
    public var needsCount = false
    public var compileWith: String?
    public var isObject = false
    public var location: SourceLocation
}

public struct OptionDef: Sendable {
    public enum Kind: Sendable { case flag, param, filesystem }
    public var name: String
    public var header: String        // "opt_pci.h"
    public var kind: Kind
    public var defaultValue: String?
    public var deps: [String]
    public var obsolete: Bool
    public var location: SourceLocation
}

/// `makeoptions COND NAME+="value"`: a make variable appended to when COND holds.
public struct MakeOption: Sendable {
    public var condition: Condition
    public var name: String
    public var value: String
    public var location: SourceLocation
}

public struct ConfTree: Sendable {
    public var root: String
    public var attributes: [String: AttributeDef] = [:]
    public var devices: [String: DeviceDef] = [:]
    public var attachments: [String: AttachDef] = [:]       // by attachment name
    public var attachmentsOf: [String: [String]] = [:]      // device -> attachment names, in order
    public var files: [FileDef] = []
    public var options: [String: OptionDef] = [:]
    public var makeoptions: [MakeOption] = []
    public var majors: [String: SourceLocation] = [:]
    public var maxpartitions: Int?
    public var filesRead: [String] = []
    /// `include` lines whose file the tree does not have.
    public var missingIncludes: [(SourceLocation, String)] = []

    public init(root: String) { self.root = root }

    /// Locators of an interface attribute (device or `define`), nil for anything else.
    public func interface(_ name: String) -> [Locator]? { attributes[name]?.interface }

    /// Interface attributes a device offers to children: its own, and those among its attributes.
    public func offeredInterfaces(_ device: String) -> [String] {
        var out: [String] = []
        var seen: Set<String> = []
        func visit(_ a: String) {
            guard seen.insert(a).inserted, let def = attributes[a] else { return }
            if def.interface != nil { out.append(a) }
            def.deps.forEach(visit)
        }
        visit(device)
        if let d = devices[device] { d.deps.forEach(visit) }
        return out
    }

    /// Devices whose attachments attach at `iattr`, for suggestions in messages.
    public func children(of iattr: String) -> [String] {
        attachments.values.filter { $0.at.contains(iattr) }.map(\.device).sorted()
    }
    /// Devices that offer `iattr`.
    public func offerers(of iattr: String) -> [String] {
        devices.keys.filter { offeredInterfaces($0).contains(iattr) }.sorted()
    }
}
