import Foundation
@testable import PostgresBackend
import Store
import Testing

/// libpq is loaded on first use (issue 16): what salessim says when it cannot be, and that a
/// library without libpq's functions is not taken for it. (Through the real binary, with the
/// library hidden: CLITests' SharedLibraryTests.)
@Suite struct LibPQLoadingTests {
    @Test func theInstalledLibpqHasEveryFunctionTheStoreCalls() {
        #expect(LibPQ.problem(loading: "libpq.so.5") == nil)
    }

    @Test func aMissingLibraryOrOneWithoutLibpqsFunctionsIsNamed() throws {
        let missing = try #require(LibPQ.problem(loading: "libpq-not-installed.so.5"))
        #expect(missing.contains("libpq-not-installed.so.5"), "\(missing)")
        let other = try #require(LibPQ.problem(loading: "libc.so.6"))
        #expect(other.contains("has no function PQconnectdbParams"), "\(other)")
    }

    @Test func theErrorNamesTheLibraryAndItsPackage() {
        let error = LibPQ.unavailable("libpq.so.5: cannot open shared object file: No such file or directory",
                                      location: "postgres://trainer@db:5432/sales", action: "opening it for a visit")
        #expect(error.kind == .missingLibrary)
        #expect(error.description == "cannot use the store at postgres://trainer@db:5432/sales while opening it for a visit: PostgreSQL's client library libpq.so.5 cannot be loaded (libpq.so.5: cannot open shared object file: No such file or directory); install it (Debian/Ubuntu: sudo apt-get install libpq5)")
    }
}
