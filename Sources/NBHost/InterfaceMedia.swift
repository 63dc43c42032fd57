import CNetBSDShim
import NBPCI

/// ifconfig's media lines for an attached interface, read and set through its driver
/// (SIOCGIFMEDIA/SIOCSIFMEDIA via nbk_if_media_*): what `nbshim ifmedia` prints.
public struct InterfaceMedia: Equatable, Sendable {
    public var current: MediaWord
    public var active: MediaWord
    public var status: Int32
    public var supported: [MediaWord]

    static let statusValid: Int32 = 0x1, statusActive: Int32 = 0x2

    /// The interface's media now; errors name the interface and what is wrong.
    public static func read(_ name: String) throws -> InterfaceMedia {
        guard interfaceNames().contains(name) else {
            let names = interfaceNames()
            throw HostError("\(name): no such interface in this nbshim" + (names.isEmpty ? "" : " (it has \(names.joined(separator: ", ")))"))
        }
        var m = nbk_if_media()
        var count: Int32 = 0
        var rc = nbk_if_media_get(name, &m, nil, &count)
        var list = [Int32](repeating: 0, count: Int(count))
        if rc == 0 && count > 0 { rc = nbk_if_media_get(name, &m, &list, &count) }
        guard rc == 0 else { throw failure(name, rc, "reading its media") }
        return InterfaceMedia(current: MediaWord(m.current), active: MediaWord(m.active), status: m.status,
                              supported: list.prefix(Int(count)).map(MediaWord.init))
    }

    /// Selects the media `names` spell ("100baseTX full-duplex"); returns the media before.
    @discardableResult
    public static func set(_ name: String, to names: [String]) throws -> InterfaceMedia {
        let before = try read(name)
        let word = try MediaWord(parsing: names, type: before.current.type)
        guard before.supported.contains(word) else {
            throw HostError("\(name) does not support media \(word): use one of \(before.supportedList)")
        }
        let rc = nbk_if_media_set(name, word.value)
        guard rc == 0 else { throw failure(name, rc, "setting media \(word)") }
        return before
    }

    /// The control channel's `ifmedia NAME [MEDIA...]` request: shows the media, or sets them and
    /// shows them after ("NAME: media autoselect -> 100baseTX" first).
    public static func handle(_ words: [String]) -> (lines: [String], status: Int32) {
        guard words.count >= 2, words[0] == "ifmedia" else {
            return (["unknown request '\(words.joined(separator: " "))': this nbshim answers ifmedia NAME [MEDIA...]"], 2)
        }
        let name = words[1]
        do {
            guard words.count > 2 else { return (try read(name).lines(name), 0) }
            let before = try set(name, to: Array(words.dropFirst(2)))
            let after = try read(name)
            return (["\(name): media \(before.current) -> \(after.current)"] + after.lines(name), 0)
        } catch {
            return (["\(error)"], 1)
        }
    }

    /// "media: Ethernet autoselect (100baseTX full-duplex)", "status: active", "supported: ...".
    public func lines(_ name: String) -> [String] {
        var media = "\(name): media: \(current.typeName) \(current)"
        if active != current { media += " (\(active))" }
        var result = [media]
        if status & Self.statusValid != 0 {
            let up = status & Self.statusActive != 0
            let words = current.type == MediaWord.ieee80211 ? (up ? "associated" : "no network") : (up ? "active" : "no carrier")
            result.append("\(name): status: \(words)")
        }
        result.append("\(name): supported: \(supportedList)")
        return result
    }

    var supportedList: String { supported.isEmpty ? "none listed" : supported.map(\.description).joined(separator: ", ") }

    /// The interfaces the drivers registered, in attach order.
    public static func interfaceNames() -> [String] {
        final class Box { var names: [String] = [] }
        let box = Box()
        nbk_if_list({ name, _, _, _, _, arg in
            Unmanaged<Box>.fromOpaque(arg!).takeUnretainedValue().names.append(String(cString: name!))
        }, Unmanaged.passUnretained(box).toOpaque())
        return box.names
    }

    private static func failure(_ name: String, _ rc: Int32, _ doing: String) -> HostError {
        switch rc {
        case NetBSDErrno.ENOTTY.value, NetBSDErrno.EINVAL.value, NetBSDErrno.EOPNOTSUPP.value:
            return HostError("\(name): its driver has no media to select (error \(rc) \(doing))")
        default:
            return HostError("\(name): \(doing) failed: error \(rc)")
        }
    }
}
