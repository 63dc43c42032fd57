/// Splits the guest's console stream into the command's output and the exit marker line that the
/// guest's /init prints after it ("MARKER STATUS\n"). Output passes through as it arrives, except
/// for a trailing piece that could be the start of the marker, which waits for the next chunk.
/// Everything after the marker (the guest powering off) is dropped.
public struct ExitMarkerScanner {
    public let marker: [UInt8]
    /// The command's exit status, once the marker line is complete.
    public private(set) var status: Int32?
    /// The marker was seen but the rest of its line is not a status.
    public private(set) var malformed = false
    private var held: [UInt8] = []
    private var markerLine: [UInt8]?

    public init(marker: String) {
        precondition(!marker.isEmpty)
        self.marker = Array(marker.utf8)
    }

    /// A marker no command prints by accident: fixed prefix plus a per-run random part.
    public static func randomMarker() -> String {
        "NBSHIM-SANDBOX-EXIT-" + String(UInt64.random(in: .min ... .max), radix: 16)
    }

    /// Takes a chunk of console bytes; returns the part that is the command's output.
    public mutating func feed<C: Collection>(_ chunk: C) -> [UInt8] where C.Element == UInt8 {
        if status != nil || malformed { return [] }
        if markerLine != nil {
            markerLine! += chunk
            parseMarkerLine()
            return []
        }
        var buf = held + chunk
        held = []
        if let i = Self.find(marker, in: buf) {
            markerLine = Array(buf[(i + marker.count)...])
            parseMarkerLine()
            return Array(buf[..<i])
        }
        // Hold back the longest tail that is a prefix of the marker.
        for n in stride(from: min(marker.count - 1, buf.count), to: 0, by: -1)
        where buf[(buf.count - n)...].elementsEqual(marker[..<n]) {
            held = Array(buf[(buf.count - n)...])
            buf.removeLast(n)
            break
        }
        return buf
    }

    /// The stream ended: whatever was held back was output after all.
    public mutating func finish() -> [UInt8] {
        defer { held = [] }
        return markerLine == nil ? held : []
    }

    private mutating func parseMarkerLine() {
        guard let line = markerLine, let nl = line.firstIndex(of: UInt8(ascii: "\n")) else { return }
        let blank: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\r")]
        var text = line[..<nl]
        while let f = text.first, blank.contains(f) { text = text.dropFirst() }
        while let l = text.last, blank.contains(l) { text = text.dropLast() }
        if let s = Int32(String(decoding: text, as: UTF8.self)) { status = s } else { malformed = true }
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        return (0...(hay.count - needle.count)).first { hay[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
