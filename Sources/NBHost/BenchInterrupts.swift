import CNetBSDShim
import Foundation
import NBPCI

/// Interrupt delivery latency on QEMU's edu device (1234:11e8): from the MMIO write that raises
/// an interrupt to the first instruction of the handler on the host's interrupt thread, through
/// whichever backend the device is bound to (uio: INTx; vfio: MSI). Median and 99th percentile
/// of `rounds` interrupts, one at a time.
public enum InterruptBench {
    public struct Result {
        public var address: PCIAddress
        public var how: String         // "uio0 INTx", "vfio5 MSI vector 0"
        public var medianNanoseconds: UInt64
        public var p99Nanoseconds: UInt64

        public var line: String {
            "\(address) \(how):".padding(toLength: 34, withPad: " ", startingAt: 0)
                + String(format: " median %8.1f us  p99 %8.1f us", Double(medianNanoseconds) / 1e3, Double(p99Nanoseconds) / 1e3)
        }
    }

    public static func run(_ address: PCIAddress, rounds: Int, paths: HostPaths = .live) throws -> Result {
        let pci = try PCIDevice(address, paths: paths)
        guard pci.id.vendor == 0x1234, pci.id.device == 0x11e8 else {
            throw HostError("\(address) is not QEMU's edu device (1234:11e8): the interrupt benchmark drives edu's raise/ack registers")
        }
        let device: HostDevice
        switch pci.driver {
        case BindTarget.vfio.driver: device = try VFIODevice(address: address, paths: paths)
        case BindTarget.uio.driver: device = try UIODevice(address: address, paths: paths)
        default: throw HostError("\(address) is bound to \(pci.driver ?? "no driver"): bind it first (nbshim bind --to uio|vfio \(address))")
        }
        defer { device.close() }
        let vector: InterruptVector = try device.interruptCounts().msi > 0 ? .msi(0) : .intx
        let bar = try device.mapBAR(0)
        let entered = Latencies()
        try device.enableInterrupts(vector: vector) {
            entered.handlerEntered()
            let status = nbshim_mmio_read4(bar.base + 0x24)
            nbshim_mmio_write4(bar.base + 0x64, status)
            entered.handlerDone()
        }
        defer { device.disableInterrupts(vector: vector) }
        var samples: [UInt64] = []
        samples.reserveCapacity(rounds)
        for i in 0..<rounds {
            let start = Latencies.now()
            entered.arm()
            nbshim_mmio_write4(bar.base + 0x60, UInt32(1 + i % 255))
            guard let t = entered.wait(seconds: 10) else {
                throw HostError("edu at \(address): interrupt \(i + 1) of \(rounds) never reached the handler")
            }
            samples.append(t - start)
        }
        samples.sort()
        return Result(address: address, how: "\(device.backendName) \(vector)",
                      medianNanoseconds: samples[samples.count / 2],
                      p99Nanoseconds: samples[min(samples.count - 1, samples.count * 99 / 100)])
    }
}

/// The handler's entry time for the interrupt in flight, handed to the raising thread.
private final class Latencies: @unchecked Sendable {
    private let cond = NSCondition()
    private var entry: UInt64?
    private var done = false
    private var armed = false

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    func arm() {
        cond.lock()
        (entry, done, armed) = (nil, false, true)
        cond.unlock()
    }

    func handlerEntered() {
        let t = Self.now()
        cond.lock()
        if armed, entry == nil { entry = t }
        cond.unlock()
    }

    func handlerDone() {
        cond.lock()
        done = true
        cond.broadcast()
        cond.unlock()
    }

    /// Waits until the handler acknowledged the interrupt; its entry time.
    func wait(seconds: Double) -> UInt64? {
        let deadline = Date().addingTimeInterval(seconds)
        cond.lock()
        defer { cond.unlock() }
        while !(done && entry != nil) {
            guard cond.wait(until: deadline) else { return nil }
        }
        armed = false
        return entry
    }
}
