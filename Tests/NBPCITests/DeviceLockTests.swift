import Foundation
import XCTest
@testable import NBPCI

/// One nbshim per device: the lock under run/nbshim/owner, the record beside it, and what is left
/// when the holder dies.
final class DeviceLockTests: XCTestCase {
    let edu = PCIAddress(bus: 0, device: 4, function: 0)

    func refusal(_ body: () throws -> Any) -> String? {
        do { _ = try body() } catch { return "\(error)" }
        return nil
    }

    func testSecondLockerIsRefusedNamingTheOwner() throws {
        let sys = try FakeSysfs()
        let first = try DeviceLock.take(edu, paths: sys.bindPaths)
        XCTAssertNil(first.previousOwner)
        try first.own()
        XCTAssertEqual(refusal { try DeviceLock.take(self.edu, paths: sys.bindPaths) },
                       "0000:00:04.0 is driven by nbshim pid \(getpid()) (no driver attached); stop it first")
        try first.own(drives: ["edu0"])
        XCTAssertEqual(refusal { try DeviceLock.take(self.edu, paths: sys.bindPaths) },
                       "0000:00:04.0 is driven by nbshim pid \(getpid()) (edu0); stop it first")
        XCTAssertTrue(DeviceLock.isHeld(edu, paths: sys.bindPaths))
        XCTAssertTrue(DeviceLock.isHeld(edu, paths: sys.bindPaths), "asking does not take the lock")

        first.release()
        XCTAssertFalse(DeviceLock.isHeld(edu, paths: sys.bindPaths))
        XCTAssertFalse(SysFile.exists(sys.root + "/run/nbshim/owner/0000:00:04.0"), "a clean release leaves no record")
        let second = try DeviceLock.take(edu, paths: sys.bindPaths)
        XCTAssertNil(second.previousOwner, "the first owner ended cleanly")
    }

    func testLockWithoutOwnerRecordSaysAnotherNbshimIsBusy() throws {
        let sys = try FakeSysfs()
        let binding = try DeviceLock.take(edu, paths: sys.bindPaths)
        defer { binding.release() }
        XCTAssertEqual(refusal { try DeviceLock.take(self.edu, paths: sys.bindPaths) },
                       "0000:00:04.0 is in use by another nbshim (a bind, unbind or attach is under way); try again when it is done")
    }

    func testLockOfAProcessThatDiesIsFreeAndItsRecordStays() throws {
        let sys = try FakeSysfs()
        let lock = try DeviceLock.take(edu, paths: sys.bindPaths)
        try lock.own(drives: ["edu0"])
        let holder = try LockHolder(lock)
        XCTAssertTrue(DeviceLock.isHeld(edu, paths: sys.bindPaths), "the child holds it")
        XCTAssertEqual(refusal { try DeviceLock.take(self.edu, paths: sys.bindPaths) },
                       "0000:00:04.0 is driven by nbshim pid \(holder.pid) (edu0); stop it first")

        holder.kill9()
        XCTAssertFalse(DeviceLock.isHeld(edu, paths: sys.bindPaths), "the lock died with its process")
        let next = try DeviceLock.take(edu, paths: sys.bindPaths)
        XCTAssertEqual(next.previousOwner?.pid, holder.pid, "the dead owner's record is there to report")
        XCTAssertEqual(next.previousOwner?.drives, ["edu0"])
    }

    func testLockNeedsAWritableStateDirectory() throws {
        let sys = try FakeSysfs()
        var paths = sys.bindPaths
        paths.run = sys.root + "/sys/bus/pci/drivers_probe"  // a file: nothing can go under it
        let why = refusal { try DeviceLock.take(self.edu, paths: paths) } ?? "taken"
        XCTAssertTrue(why.hasPrefix("cannot lock 0000:00:04.0: "), why)
        XCTAssertTrue(why.hasSuffix("(run as root: nbshim keeps its state in \(paths.run)/nbshim)"), why)
    }
}
