import ArgumentParser
import Foundation
import PostgresBackend
import Store

/// `--db`, shared by every command that reads or writes the results store.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The results store: an SQLite file's path or a postgres:// URL (default: $SALESSIM_DB, else $XDG_DATA_HOME/salessim/salessim.sqlite).", valueName: "path-or-url"))
    var db: String?

    /// An empty `--db` or a URL of another scheme is refused before anything is opened.
    func validate() throws {
        try ArgumentChecks.database(db)
    }

    /// Where the store is: `--db`, else `SALESSIM_DB`, else the default file.
    var location: String { Store.location(explicit: db, environment: ProcessInfo.processInfo.environment) }

    /// Opens the store for `purpose`; a problem is a ``StoreError`` (exit 2, see ``StoreFailure``).
    func open(_ purpose: Store.Purpose) throws -> Store {
        try Store.open(location: location, purpose: purpose, environment: ProcessInfo.processInfo.environment)
    }
}

/// The one place where a store's problems become what the user sees: the message (which names
/// the store and the action, with advice) on stderr and exit status 2, for every command.
enum StoreFailure {
    static let exitCode: Int32 = 2

    /// The message and status of `error` when it is a store's problem (also a lost step of a visit).
    static func cliError(for error: any Error) -> CLIError? {
        switch error {
        case let error as StoreError: CLIError(error.description, exitCode: exitCode)
        case let error as RecordingLost: CLIError(error.description, exitCode: exitCode)
        default: nil
        }
    }
}
