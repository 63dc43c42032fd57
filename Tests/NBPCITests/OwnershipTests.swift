import Foundation
import XCTest
@testable import NBPCI

/// An attach's claim on a device (Binder.claim/release) against bind and unbind, what a killed
/// attach leaves under run/nbshim, `nbshim status` and the takeover by the next attach, over a fake
/// sysfs tree with FakeKernel playing the kernel.
final class OwnershipTests: XCTestCase {
    let nic = PCIAddress(bus: 0, device: 3, function: 0)
    let edu = PCIAddress(bus: 0, device: 4, function: 0)
    let spare = PCIAddress(bus: 0, device: 5, function: 0)

    var sys: FakeSysfs!
    var kernel: FakeKernel!
    var lines: [String] = []

    override func setUpWithError() throws {
        sys = try FakeSysfs()
        try sys.add(.init(address: nic, driver: "e1000"))
        try sys.add(.init(address: edu, vendor: 0x1234, device: 0x11e8, classCode: 0x00ff00))
        try sys.add(.init(address: spare, driver: "e1000"))
        try sys.addDriver("uio_pci_generic")
        kernel = FakeKernel(sys)
    }

    override func tearDown() { kernel.stop() }

    var binder: Binder {
        Binder(paths: sys.bindPaths, interfaceAddresses: { [:] }, loadModule: { throw PCIError("test tree: no module \($0)") })
    }

    func device(_ a: PCIAddress) throws -> PCIDevice { try PCIDevice(a, paths: sys.bindPaths) }

    func claim(_ a: PCIAddress, bindingTo target: BindTarget? = .uio) throws -> DeviceClaim {
        try binder.claim(try device(a), bindingTo: target) { lines.append($0) }
    }

    func refusal(_ body: () throws -> Any) -> String? {
        do { _ = try body() } catch { return "\(error)" }
        return nil
    }

    /// An attach of the e1000 that was killed: bound by it, named wm0, its process gone.
    func leaveBehind(_ a: PCIAddress, drives: [String]) throws -> pid_t {
        let c = try claim(a)
        try c.drives(drives)
        let holder = try LockHolder(c.lock)
        holder.kill9()
        return holder.pid
    }

    func testAttachClaimBindsAndGivesBack() throws {
        let c = try claim(nic)
        XCTAssertEqual(lines, ["0000:00:03.0: e1000 -> uio_pci_generic (uio0)"])
        XCTAssertTrue(c.givesBack)
        let record = try XCTUnwrap(try binder.recorded(nic))
        XCTAssertEqual([record.driver, record.target, record.by.rawValue], ["e1000", "uio_pci_generic", "attach"])
        XCTAssertEqual(record.pid, getpid())
        XCTAssertEqual(binder.release(c), "0000:00:03.0: uio_pci_generic -> e1000")
        XCTAssertEqual(try device(nic).driver, "e1000")
        XCTAssertEqual(HeldDevice.scanned(sys), [], "no record is left")
    }

    func testSecondAttachBindAndUnbindAreRefusedNamingTheOwner() throws {
        let c = try claim(nic)
        try c.drives(["wm0"])
        let owner = "0000:00:03.0 is driven by nbshim pid \(getpid()) (wm0); stop it first"
        XCTAssertEqual(refusal { try self.claim(self.nic) }, owner)
        XCTAssertEqual(refusal { try self.binder.unbind(try self.device(self.nic)) }, owner)
        XCTAssertEqual(refusal { try self.binder.bind([try self.device(self.spare), try self.device(self.nic)], to: .uio, force: false) { _ in } },
                       owner)
        XCTAssertEqual(try device(spare).driver, "e1000", "a refused bind touches none of its devices")
        XCTAssertEqual(try device(nic).driver, "uio_pci_generic")
        _ = binder.release(c)
    }

    func testKilledAttachLeavesItsRecordsAndStatusSaysSo() throws {
        let dead = try leaveBehind(nic, drives: ["wm0"])
        let held = HeldDevice.scanned(sys)
        XCTAssertEqual(held.count, 1)
        let d = try XCTUnwrap(held.first)
        let b = try XCTUnwrap(d.binding)
        XCTAssertEqual(d.state, .leftBehind)
        XCTAssertEqual(d.owner?.alive, false)
        XCTAssertEqual(d.giveBack, "nbshim unbind 0000:00:03.0")
        XCTAssertEqual(d.line, "0000:00:03.0 (8086:100e) left behind: on uio_pci_generic, was e1000 (bound \(b.at) by nbshim attach pid \(dead)); owner nbshim pid \(dead) (wm0) since \(d.owner!.since), not running; give it back: nbshim unbind 0000:00:03.0")
        XCTAssertEqual(d.leftoverWarning, "0000:00:03.0 left behind on uio_pci_generic by nbshim pid \(dead) (wm0), which is not running; it was on e1000")
    }

    func testStatusJSON() throws {
        let running = try claim(edu)
        try running.drives(["edu0"])
        _ = try leaveBehind(nic, drives: ["wm0"])
        try binder.bind([try device(spare)], to: .uio, force: false) { _ in }
        let enc = JSONEncoder()
        enc.outputFormatting = .sortedKeys
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: enc.encode(HeldDevice.scanned(sys))) as? [[String: Any]])
        XCTAssertEqual(json.map { $0["address"] as? String }, ["0000:00:03.0", "0000:00:04.0", "0000:00:05.0"])
        XCTAssertEqual(json.map { $0["state"] as? String }, ["left behind", "driven", "bound"])
        XCTAssertEqual(json.map { $0["driver"] as? String }, ["uio_pci_generic", "uio_pci_generic", "uio_pci_generic"])
        let owners = json.map { $0["owner"] as? [String: Any] }
        XCTAssertEqual(owners.map { $0?["alive"] as? Bool }, [false, true, nil])
        XCTAssertEqual(owners[1]?["drives"] as? [String], ["edu0"])
        XCTAssertEqual(owners[1]?["pid"] as? Int, Int(getpid()))
        XCTAssertEqual((json[2]["binding"] as? [String: Any])?["by"] as? String, "bind")
        XCTAssertEqual((json[0]["binding"] as? [String: Any])?["driver"] as? String, "e1000")
        XCTAssertEqual(json.map { $0["giveBack"] as? String }, [
            "nbshim unbind 0000:00:03.0",
            "stop nbshim pid \(getpid()) (kill \(getpid())); it gives the device back as it exits",
            "nbshim unbind 0000:00:05.0"])
        XCTAssertEqual(HeldDevice.scanned(sys).compactMap(\.leftoverWarning).count, 1, "only the dead attach's device is a leftover")
        _ = binder.release(running)
    }

    func testNextAttachTakesOverAndGivesBackAtTheEnd() throws {
        let dead = try leaveBehind(nic, drives: ["wm0"])
        lines = []
        let c = try claim(nic, bindingTo: nil)  // on uio already: nothing to bind
        XCTAssertEqual(lines, ["0000:00:03.0: taking over from nbshim pid \(dead) (wm0), which ended without giving it back"])
        XCTAssertTrue(c.givesBack, "the dead attach would have given it back")
        let d = try XCTUnwrap(HeldDevice.scanned(sys).first)
        XCTAssertEqual(d.state, .driven)
        XCTAssertEqual(d.owner?.pid, getpid())
        XCTAssertEqual(d.binding?.pid, getpid())
        XCTAssertEqual(d.binding?.driver, "e1000", "the original driver is kept")
        XCTAssertEqual(binder.release(c), "0000:00:03.0: uio_pci_generic -> e1000")
        XCTAssertEqual(HeldDevice.scanned(sys), [])
    }

    func testAttachOfADeviceBoundByBindTakesOverWithoutGivingBack() throws {
        try binder.bind([try device(nic)], to: .uio, force: false) { _ in }
        let c = try claim(nic, bindingTo: nil)
        try c.drives(["wm0"])
        _ = try LockHolder(c.lock).kill9()
        lines = []
        let next = try claim(nic, bindingTo: nil)
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].hasSuffix(" (wm0), which ended without giving it back"), lines[0])
        XCTAssertFalse(next.givesBack, "nbshim bind put it there: it stays")
        XCTAssertNil(binder.release(next))
        XCTAssertEqual(HeldDevice.scanned(sys).map(\.state), [.bound])
    }

    func testUnbindRestoresALeftoverWithItsOverrideAndClearsTheRecords() throws {
        try sys.setAttribute("driver_override", of: nic, to: "e1000\n")
        _ = try leaveBehind(nic, drives: ["wm0"])
        XCTAssertEqual(try binder.recorded(nic)?.override, "e1000")
        XCTAssertEqual(try binder.unbind(try device(nic)), "0000:00:03.0: uio_pci_generic -> e1000")
        XCTAssertEqual(try device(nic).driver, "e1000")
        // The last write wins in sysfs; this plain file keeps the tail of the longer earlier one.
        XCTAssertTrue(SysFile.text(sys.deviceDir(nic) + "/driver_override")?.hasPrefix("e1000") == true)
        XCTAssertEqual(HeldDevice.scanned(sys), [], "both records are gone")
    }

    func testUnbindOfALeftoverThatIsBackOnItsDriverClearsTheRecord() throws {
        _ = try leaveBehind(nic, drives: ["wm0"])
        try sys.bind(nic, to: "e1000")  // someone gave it back by hand
        XCTAssertEqual(try binder.unbind(try device(nic)), "0000:00:03.0: bound to e1000 already; cleared nbshim's record of it")
        XCTAssertEqual(HeldDevice.scanned(sys), [])
    }

    func testBindOfALeftoverKeepsItBound() throws {
        let dead = try leaveBehind(edu, drives: ["edu0"])
        var out: [String] = []
        try binder.bind([try device(edu)], to: .uio, force: false) { out.append($0) }
        XCTAssertEqual(out, ["0000:00:04.0: already bound to uio_pci_generic (uio0); nbshim pid \(dead) (edu0), which is gone, had left it so: it stays bound"])
        XCTAssertEqual(HeldDevice.scanned(sys).map(\.state), [.bound])
    }
}

extension HeldDevice {
    static func scanned(_ sys: FakeSysfs) -> [HeldDevice] {
        do { return try scan(paths: sys.bindPaths) } catch {
            XCTFail("\(error)")
            return []
        }
    }
}
