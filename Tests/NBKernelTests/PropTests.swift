import XCTest

/// proplib in the kernel personality (Tests/CKernelTests/prop_test.c).
final class PropTests: KernelTestCase {
    func testDictionaryTypedGetSetAndRanges() { runKernelTest("prop_dictionary_types") }
    func testReferenceCounts() { runKernelTest("prop_reference_counts") }
    func testArraysAndIterators() { runKernelTest("prop_arrays_and_iterators") }
    func testNumbersStringsData() { runKernelTest("prop_numbers_strings_data") }
}
