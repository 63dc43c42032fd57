import Foundation
import NBPCI
import NBHost

/// QEMU's educational PCI device (1234:11e8, hw/misc/edu.c, documented in docs/specs/edu.rst) as a
/// DeviceModel: identification, liveness, factorial with a completion interrupt, interrupt
/// raise/acknowledge, and a DMA engine with a 4 KiB buffer and a 28-bit address mask. Where QEMU
/// silently masks a DMA address beyond 28 bits or aborts on a bad buffer range, this model refuses
/// the transfer, records the error and says so on standard error, so a driver bug is seen.
public final class EduModel: DeviceModel, @unchecked Sendable {
    public static let dmaBufferStart: UInt64 = 0x40000
    public static let dmaBufferSize = 4096
    public static let dmaMask: UInt64 = (1 << 28) - 1
    /// Interrupt status bits the device raises itself.
    public static let factorialIRQ: UInt32 = 0x1, dmaIRQ: UInt32 = 0x100

    private let lock = NSLock()
    private weak var bus: ModelBus?
    private let worker = DispatchQueue(label: "edu model")
    private let dmaDelay: DispatchTimeInterval
    private var liveness: UInt32 = 0
    private var factorial: UInt32 = 0
    private var status: UInt32 = 0          // bit 0 computing, bit 7 raise irq on completion
    private var irqStatus: UInt32 = 0
    private var dmaSource: UInt64 = 0, dmaDestination: UInt64 = 0, dmaCount: UInt64 = 0, dmaCommand: UInt64 = 0
    private var buffer = [UInt8](repeating: 0, count: EduModel.dmaBufferSize)
    /// Transfers refused, one line each; a correct driver leaves this empty.
    public private(set) var errors: [String] = []

    /// `dmaDelay`: how long a transfer takes (QEMU: 100 ms); long enough that a driver must wait.
    public init(dmaDelay: DispatchTimeInterval = .milliseconds(1)) { self.dmaDelay = dmaDelay }

    /// An edu model behind a ModelDevice at `address`.
    public static func device(address: PCIAddress = PCIAddress(domain: 0, bus: 0, device: 4, function: 0),
                              dmaWindow: Range<UInt64> = 0x0010_0000..<0x1_0000_0000, dmaSpace: DMASpace? = nil) -> ModelDevice {
        ModelDevice(EduModel(), address: address, dmaWindow: dmaWindow, dmaSpace: dmaSpace)
    }

    public var initialConfig: [UInt8] {
        var c = [UInt8](repeating: 0, count: 256)
        func put(_ at: Int, _ v: UInt32, _ n: Int) { for i in 0..<n { c[at + i] = UInt8(truncatingIfNeeded: v >> (8 * i)) } }
        put(0x00, 0x11e8_1234, 4)       // device, vendor
        put(0x04, 0x0010_0000, 4)       // status: capability list; command: off
        put(0x08, 0x00ff_0010, 4)       // class 0x00, subclass 0xff ("unclassified"), revision 0x10
        put(0x10, 0xfea0_0000, 4)       // BAR0: 32-bit memory, 1 MiB
        put(0x2c, 0x1100_1af4, 4)       // subsystem
        put(0x34, 0x40, 1)              // capabilities
        put(0x3c, 0x0000_010b, 4)       // INTA, line 11
        put(0x40, 0x0080_0005, 4)       // MSI, 64-bit, 1 vector, disabled
        return c
    }

    public var barSizes: [Int: Int] { [0: 1 << 20] }

    public func attach(_ bus: ModelBus) { self.bus = bus }

    public func read(bar: Int, offset: Int, width: Int) -> UInt64 {
        guard width == 4 || (offset >= 0x80 && width == 8) else { return .max }
        lock.lock()
        defer { lock.unlock() }
        switch offset {
        case 0x00: return 0x0100_00ed
        case 0x04: return UInt64(liveness)
        case 0x08: return UInt64(factorial)
        case 0x20: return UInt64(status)
        case 0x24: return UInt64(irqStatus)
        case 0x80: return dmaSource
        case 0x88: return dmaDestination
        case 0x90: return dmaCount
        case 0x98: return dmaCommand
        default: return .max
        }
    }

    public func write(bar: Int, offset: Int, width: Int, value: UInt64) {
        guard width == 4 || (offset >= 0x80 && width == 8) else { return }
        lock.lock()
        defer { lock.unlock() }
        let v32 = UInt32(truncatingIfNeeded: value)
        switch offset {
        case 0x04: liveness = ~v32
        case 0x08:
            guard status & 0x01 == 0 else { return }
            factorial = v32
            status |= 0x01
            worker.async { self.computeFactorial() }
        case 0x20: status = (status & ~0x80) | (v32 & 0x80)
        case 0x60: raise(v32)
        case 0x64: lower(v32)
        case 0x80 where dmaCommand & 1 == 0: dmaSource = value
        case 0x88 where dmaCommand & 1 == 0: dmaDestination = value
        case 0x90 where dmaCommand & 1 == 0: dmaCount = value
        case 0x98 where dmaCommand & 1 == 0 && value & 1 != 0:
            dmaCommand = value
            worker.asyncAfter(deadline: .now() + dmaDelay) { self.runDMA() }
        default: break
        }
    }

    /// Callers hold `lock`.
    private func raise(_ bits: UInt32) {
        irqStatus |= bits
        if irqStatus != 0 { bus?.setInterrupt(true) }
    }

    private func lower(_ bits: UInt32) {
        irqStatus &= ~bits
        if irqStatus == 0 { bus?.setInterrupt(false) }
    }

    private func computeFactorial() {
        lock.lock()
        defer { lock.unlock() }
        var r: UInt32 = 1
        if factorial > 1 { for i in 2...factorial { r = r &* i } }
        factorial = r
        status &= ~0x01
        if status & 0x80 != 0 { raise(Self.factorialIRQ) }
    }

    private func runDMA() {
        lock.lock()
        defer { lock.unlock() }
        let toDevice = dmaCommand & 2 == 0
        let (ram, local) = toDevice ? (dmaSource, dmaDestination) : (dmaDestination, dmaSource)
        do {
            let count = Int(dmaCount)
            guard local >= Self.dmaBufferStart, dmaCount <= UInt64(Self.dmaBufferSize),
                  local - Self.dmaBufferStart + dmaCount <= UInt64(Self.dmaBufferSize) else {
                throw HostError("DMA of \(dmaCount) bytes at device buffer address \(hex(local)) is outside the buffer \(hex(Self.dmaBufferStart))-\(hex(Self.dmaBufferStart + UInt64(Self.dmaBufferSize) - 1))")
            }
            guard ram & ~Self.dmaMask == 0, count == 0 || (ram + dmaCount - 1) & ~Self.dmaMask == 0 else {
                throw HostError("DMA address \(hex(ram)) is beyond the device's 28-bit mask (QEMU would silently truncate it to \(hex(ram & Self.dmaMask))): allocate with a tag limited to 0x0fffffff")
            }
            guard let bus else { throw HostError("model is not attached to a device") }
            if count > 0 {
                let p = try bus.dmaMemory(ram, count)
                let at = Int(local - Self.dmaBufferStart)
                buffer.withUnsafeMutableBytes { b in
                    if toDevice { (b.baseAddress! + at).copyMemory(from: p, byteCount: count) }
                    else { p.copyMemory(from: b.baseAddress! + at, byteCount: count) }
                }
            }
        } catch {
            errors.append("\(error)")
            FileHandle.standardError.write(Data("nbshim: edu model: \(error)\n".utf8))
        }
        dmaCommand &= ~1
        if dmaCommand & 4 != 0 { raise(Self.dmaIRQ) }
    }
}
