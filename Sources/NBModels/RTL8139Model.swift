import Foundation
import NBPCI
import NBHost

/// A Realtek RTL8139 (10ec:8139) in "C mode" as QEMU emulates it (hw/net/rtl8139.c), as a
/// DeviceModel: the same 256 registers behind an I/O BAR (0) and a memory BAR (1), a receive ring
/// in driver memory with 4-byte headers and CRCs, four transmit buffers, the interrupt
/// status/mask pair, the multicast hash filter and the internal PHY's BMCR/BMSR. Frames leave
/// through `wire` and arrive through `receive(_:)`, so two models make a network in a test.
///
/// Where QEMU differs from the datasheet the model follows QEMU (writing RCR restarts the ring;
/// TCR is writable only with the transmitter on), except that BMCR's speed and duplex bits are
/// writable (QEMU ignores them) so a driver's media setting shows in MSR. A transmit buffer or ring
/// outside memory the driver allocated is refused, recorded in `errors` and reported on stderr.
public final class RTL8139Model: DeviceModel, @unchecked Sendable {
    /// Interrupt status bits.
    public static let rxOK: UInt16 = 0x01, txOK: UInt16 = 0x04, rxOverflow: UInt16 = 0x10, linkChange: UInt16 = 0x20
    /// TCR's version bits: an RTL8139C+, as QEMU reports.
    public static let hardwareVersion: UInt32 = 0x7480_0000

    private let lock = NSLock()
    private weak var bus: ModelBus?
    private let worker = DispatchQueue(label: "rtl8139 model")
    private let factoryMAC: [UInt8]

    private var mac: [UInt8]
    private var multicast = [UInt8](repeating: 0, count: 8)
    private var tsd = [UInt32](repeating: 0, count: 4)
    private var tsad = [UInt32](repeating: 0, count: 4)
    private var nextTx = 0
    private var rbstart: UInt32 = 0
    private var command: UInt8 = 0           // RE 0x08, TE 0x04
    private var readPointer = 0             // CAPR + 16
    private var writePointer = 0            // CBR
    private var ringSize = 8192
    private var imr: UInt16 = 0
    private var isr: UInt16 = 0
    private var tcr: UInt32 = 0
    private var rcr: UInt32 = 0
    private var missed: UInt32 = 0
    private var cfg9346: UInt8 = 0
    private var bmcr: UInt16 = 0x1000
    private var linkUp = true

    /// Where transmitted frames go (without CRC). Called on the model's worker queue, no lock held.
    public var wire: (([UInt8]) -> Void)?
    /// Refused DMA, one line each; a correct driver leaves this empty.
    public private(set) var errors: [String] = []
    /// Frames put into the ring, frames refused by the filter, and frames dropped for lack of room.
    public private(set) var received = 0, filtered = 0, overflowed = 0
    public private(set) var transmitted = 0

    public init(mac: [UInt8] = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56]) {
        precondition(mac.count == 6, "a MAC address has 6 bytes")
        factoryMAC = mac
        self.mac = mac
        reset()
    }

    /// An RTL8139 model behind a ModelDevice at `address`.
    public static func device(address: PCIAddress = PCIAddress(domain: 0, bus: 0, device: 3, function: 0),
                              mac: [UInt8] = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56]) -> ModelDevice {
        ModelDevice(RTL8139Model(mac: mac), address: address)
    }

    public var initialConfig: [UInt8] {
        var c = [UInt8](repeating: 0, count: 256)
        func put(_ at: Int, _ v: UInt32, _ n: Int) { for i in 0..<n { c[at + i] = UInt8(truncatingIfNeeded: v >> (8 * i)) } }
        put(0x00, 0x8139_10ec, 4)       // device, vendor
        put(0x08, 0x0200_0020, 4)       // class: network, Ethernet; revision 0x20
        put(0x10, 0x0000_c001, 4)       // BAR0: I/O, 256 ports
        put(0x14, 0xfebf_1000, 4)       // BAR1: 32-bit memory, 256 bytes
        put(0x2c, 0x1100_1af4, 4)       // subsystem
        put(0x3c, 0x0000_010b, 4)       // INTA, line 11
        return c
    }

    public var barSizes: [Int: Int] { [0: 256, 1: 256] }

    public func attach(_ bus: ModelBus) { self.bus = bus }

    // MARK: the wire

    /// A frame from the network: filtered as RCR says, then written into the ring with ROK raised.
    /// Returns whether it went into the ring.
    @discardableResult
    public func receive(_ frame: [UInt8]) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard command & 0x08 != 0, frame.count >= 14 else { return false }
        guard let kind = accepts(frame) else { filtered += 1; return false }
        var data = frame
        if data.count < 60 { data += [UInt8](repeating: 0, count: 60 - data.count) }
        let size = data.count + 4
        let avail = (ringSize + readPointer - writePointer) % ringSize
        if avail != 0 && size + 8 >= avail {
            isr |= Self.rxOverflow
            missed += 1
            overflowed += 1
            updateInterrupt()
            return false
        }
        let header = UInt32(0x0001 | kind) | UInt32(size) << 16
        var record = withUnsafeBytes(of: header.littleEndian) { Array($0) } + data
        record += withUnsafeBytes(of: Self.crc32(data).littleEndian) { Array($0) }
        do {
            if rcr & 0x80 != 0 || writePointer + record.count <= ringSize {
                try dmaWrite(UInt64(rbstart) + UInt64(writePointer), record)   // WRAP: straight past the end
            } else {
                let first = ringSize - writePointer
                try dmaWrite(UInt64(rbstart) + UInt64(writePointer), Array(record[..<first]))
                try dmaWrite(UInt64(rbstart), Array(record[first...]))
            }
        } catch {
            fail("receive ring at \(hex(UInt64(rbstart))) (\(ringSize) bytes): \(error)")
            return false
        }
        writePointer = ((writePointer + record.count + 3) & ~3) % ringSize
        received += 1
        isr |= Self.rxOK
        updateInterrupt()
        return true
    }

    /// Link as the PHY reports it; a change raises the link-change interrupt.
    public func setLink(up: Bool) {
        lock.lock()
        defer { lock.unlock() }
        guard up != linkUp else { return }
        linkUp = up
        isr |= Self.linkChange
        updateInterrupt()
    }

    /// Physical match 0x4000, broadcast 0x2000, multicast 0x8000 (header bits), or nil: filtered.
    private func accepts(_ frame: [UInt8]) -> Int? {
        let dst = Array(frame[0..<6])
        if rcr & 0x01 != 0 { return dst == mac ? 0x4000 : 0 }
        if dst.allSatisfy({ $0 == 0xff }) { return rcr & 0x08 != 0 ? 0x2000 : nil }
        if dst[0] & 1 != 0 {
            let bit = Int(Self.multicastHashBit(dst))
            return rcr & 0x04 != 0 && multicast[bit >> 3] & (1 << (bit & 7)) != 0 ? 0x8000 : nil
        }
        return rcr & 0x02 != 0 && dst == mac ? 0x4000 : nil
    }

    // MARK: registers

    public func read(bar: Int, offset: Int, width: Int) -> UInt64 {
        guard [1, 2, 4].contains(width) else { return .max }
        lock.lock()
        defer { lock.unlock() }
        switch (offset, width) {
        case (0x10..<0x20, 4): return UInt64(tsd[(offset - 0x10) / 4])
        case (0x20..<0x30, 4): return UInt64(tsad[(offset - 0x20) / 4])
        case (0x30, 4): return UInt64(rbstart)
        case (0x38, 2): return UInt64(UInt16(truncatingIfNeeded: readPointer - 16))
        case (0x3a, 2): return UInt64(writePointer)
        case (0x3c, 2): return UInt64(imr)
        case (0x3e, 2): return UInt64(isr)
        case (0x40, 4): return UInt64(tcr)
        case (0x44, 4): return UInt64(rcr)
        case (0x4c, 4): return UInt64(missed)
        case (0x62, 2): return UInt64(bmcr)
        case (0x64, 2): return UInt64(0x782d | (linkUp ? 0x04 : 0))
        case (0x66, 2): return 0x05e1
        case (0x68, 2): return linkUp ? 0x05e1 : 0
        default:
            var v: UInt64 = 0
            for i in 0..<width { v |= UInt64(readByte(offset + i)) << (8 * i) }
            return v
        }
    }

    private func readByte(_ at: Int) -> UInt8 {
        switch at {
        case 0..<6: return mac[at]
        case 0x08..<0x10: return multicast[at - 0x08]
        case 0x37: return command | (readPointer == writePointer ? 0x01 : 0)
        case 0x50: return cfg9346
        case 0x52: return 0x0c                                   // CONFIG1: I/O and memory mapped
        case 0x58:                                               // MSR
            let speed10 = bmcr & 0x1000 == 0 && bmcr & 0x2000 == 0
            return 0xd0 | (linkUp ? 0 : 0x04) | (speed10 ? 0x08 : 0)
        default: return 0
        }
    }

    public func write(bar: Int, offset: Int, width: Int, value: UInt64) {
        guard [1, 2, 4].contains(width) else { return }
        lock.lock()
        defer { lock.unlock() }
        let v = UInt32(truncatingIfNeeded: value)
        switch (offset, width) {
        case (0x10..<0x20, 4) where offset % 4 == 0:
            let d = (offset - 0x10) / 4
            tsd[d] = v & 0x003f_1fff                             // size and threshold; OWN, TOK clear
            worker.async { self.transmitPending() }
        case (0x20..<0x30, 4) where offset % 4 == 0: tsad[(offset - 0x20) / 4] = v
        case (0x30, 4): rbstart = v
        case (0x38, 2): readPointer = (Int(v & 0xffff) + 16) % ringSize
        case (0x3c, 2): imr = UInt16(truncatingIfNeeded: v); updateInterrupt()
        case (0x3e, 2): isr &= ~UInt16(truncatingIfNeeded: v); updateInterrupt()
        case (0x40, 4): if command & 0x04 != 0 { tcr = Self.hardwareVersion | (v & 0x0307_07f1) }
        case (0x44, 4):
            rcr = v
            ringSize = 8192 << Int((v >> 11) & 3)
            readPointer = 0
            writePointer = 0
        case (0x4c, 4): missed = 0
        case (0x62, 2): bmcr = UInt16(truncatingIfNeeded: v) & 0x3100  // speed, autoneg, duplex
        default:
            for i in 0..<width { writeByte(offset + i, UInt8(truncatingIfNeeded: v >> (8 * i))) }
        }
    }

    private func writeByte(_ at: Int, _ v: UInt8) {
        switch at {
        case 0..<6: mac[at] = v
        case 0x08..<0x10: multicast[at - 0x08] = v
        case 0x37:
            if v & 0x10 != 0 { reset(); return }
            command = v & 0x0c
        case 0x50: cfg9346 = v & 0xc0
        default: break
        }
    }

    /// Power-on state, and what CR.RST does. Callers hold `lock` (or are init).
    private func reset() {
        mac = factoryMAC
        tsd = [UInt32](repeating: 0x2000, count: 4)              // OWN: nothing to send
        nextTx = 0
        rbstart = 0
        command = 0
        readPointer = 0
        writePointer = 0
        ringSize = 8192
        imr = 0
        isr = 0
        tcr = Self.hardwareVersion
        rcr = 0
        bmcr = 0x1000
        updateInterrupt()
    }

    private func updateInterrupt() { bus?.setInterrupt(isr & imr != 0) }

    // MARK: transmission, in descriptor order, on the worker queue

    private func transmitPending() {
        while true {
            lock.lock()
            let d = nextTx
            guard command & 0x04 != 0, tsd[d] & 0x2000 == 0 else { lock.unlock(); return }
            let size = Int(tsd[d] & 0x1fff)
            var frame: [UInt8]?
            do {
                guard size <= 1792 else { throw HostError("frame of \(size) bytes in TSD\(d): the chip sends at most 1792") }
                frame = try dmaRead(UInt64(tsad[d]), size)
                tsd[d] |= 0xa000                                   // OWN, TOK
                transmitted += 1
            } catch {
                fail("transmit buffer \(d) at \(hex(UInt64(tsad[d]))): \(error)")
                tsd[d] |= 0x4000_2000                              // OWN, TABT
            }
            nextTx = (d + 1) % 4
            isr |= frame != nil ? Self.txOK : 0x08
            updateInterrupt()
            let loopback = tcr & 0x0006_0000 == 0x0006_0000
            let out = wire
            lock.unlock()
            if let frame {
                if loopback { receive(frame) } else { out?(frame) }
            }
        }
    }

    // MARK: DMA and checksums

    private func dmaWrite(_ address: UInt64, _ bytes: [UInt8]) throws {
        guard let bus else { throw HostError("model is not attached to a device") }
        let p = try bus.dmaMemory(address, bytes.count)
        bytes.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
    }

    private func dmaRead(_ address: UInt64, _ count: Int) throws -> [UInt8] {
        guard let bus else { throw HostError("model is not attached to a device") }
        guard count > 0 else { return [] }
        let p = try bus.dmaMemory(address, count)
        return Array(UnsafeRawBufferPointer(start: p, count: count))
    }

    private func fail(_ message: String) {
        errors.append(message)
        FileHandle.standardError.write(Data("nbshim: rtl8139 model: \(message)\n".utf8))
    }

    /// The Ethernet FCS: CRC-32, reflected, as appended to the frame.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// Which of MAR0-7's 64 bits a multicast address selects: the top six bits of its CRC.
    public static func multicastHashBit(_ address: [UInt8]) -> UInt32 { crc32BigEndian(address) >> 26 }

    /// The CRC-32 computed most significant bit first, as multicast hash filters use it
    /// (NetBSD's ether_crc32_be).
    static func crc32BigEndian(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for b in bytes {
            var byte = b
            for _ in 0..<8 {
                let carry = ((crc >> 31) ^ UInt32(byte & 1)) & 1
                crc <<= 1
                byte >>= 1
                if carry != 0 { crc = (crc ^ 0x04c1_1db7) | carry }
            }
        }
        return crc
    }
}
