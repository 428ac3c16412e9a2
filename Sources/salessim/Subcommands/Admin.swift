import ArgumentParser
import Foundation
import PostgresBackend
import Store

/// `salessim admin`: the company administrator's commands for one shared PostgreSQL server.
struct Admin: ParsableCommand {
    static let configuration = CommandConfiguration(
        // NB: named here, not derived from the type name at run time (a costly type lookup on every start).
        commandName: "admin",
        abstract: "Set up a shared PostgreSQL results server and give people access (for the administrator).",
        discussion: """
        Run with the administrator's login (one that owns the database and may create roles), never a trainee's. Each person gets a login of their own; the server itself keeps trainees to their own sessions (row-level security) and lets managers read everyone's.

        Examples:
          export SALESSIM_DB='postgres://admin@db/salessim?sslmode=verify-full'
          salessim admin init
          echo "$PW" | salessim admin grant-trainee wang.xiaoming --password-stdin
          salessim admin grant-manager chen.li --password-stdin
          salessim admin list
          salessim admin revoke wang.xiaoming
        """,
        subcommands: [Initialise.self, GrantTrainee.self, GrantManager.self, Revoke.self, ListMembers.self]
    )

    /// The server option every admin command takes.
    struct ServerOptions: ParsableArguments {
        /// `--db`, as every command takes it; here the server, connected to as the administrator.
        @OptionGroup var store: StoreOptions

        /// Opens the server and runs `work`; what the store or the server reports ends the
        /// command with its message and exit status 2, as for every command (``StoreFailure``).
        func perform(purpose: Store.Purpose, _ work: (Store) throws -> Void) throws {
            let environment = ProcessInfo.processInfo.environment
            let location = store.location
            guard Store.isServerURL(location) else {
                throw CLIError("salessim admin works on a PostgreSQL server: give --db postgres://USER@HOST/DATABASE (an SQLite file such as \(location) is protected by the file system's permissions)")
            }
            // NB: a StoreError goes to StoreFailure, as for every command: its message, exit 2.
            try work(try Store.open(location: location, purpose: purpose, environment: environment))
        }
    }

    struct Initialise: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create (or bring up to date) the tables, the roles salessim_trainee and salessim_manager, and the access rules.")

        @OptionGroup var server: ServerOptions

        func run() throws {
            try server.perform(purpose: .updating) { store in
                let migrations = try store.appliedMigrations()
                Console.out("salessim store on \(store.path) is ready: migrations \(migrations.joined(separator: ", ")); tables \(try store.tableNames().joined(separator: ", ")).")
                Console.out("Next: salessim admin grant-trainee LOGIN --password-stdin, and grant-manager for managers.")
            }
        }
    }

    /// Options of the two grant commands.
    struct GrantOptions: ParsableArguments {
        @Argument(help: ArgumentHelp("The person's login (created when it does not exist).", valueName: "login"))
        var login: String

        @Flag(help: "Read the login's password from the first line of standard input (sets it).")
        var passwordStdin = false

        @OptionGroup var server: ServerOptions

        func grant(_ role: PostgresAdministration.Role) throws {
            do {
                try ArgumentChecks.personName(login, what: "the login")
            } catch let error as ValidationError {
                throw CLIError(error.message)
            }
            var password: String?
            if passwordStdin {
                guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                    throw CLIError("--password-stdin: no password on standard input")
                }
                password = line
            }
            try server.perform(purpose: .updating) { store in
                let created = try PostgresAdministration(store: store).grant(role, to: login, password: password)
                let what = created ? "created login '\(login)'" : "login '\(login)' exists"
                Console.out("\(what); it now has the \(role.rawValue)'s rights on \(store.path)\(password == nil ? "" : " (password set)").")
                if created && password == nil {
                    Console.out("It has no password yet: run again with --password-stdin, or let it use another authentication method of the server.")
                }
            }
        }
    }

    struct GrantTrainee: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grant-trainee",
            abstract: "Let a login record its own visits and read only its own results.")

        @OptionGroup var options: GrantOptions

        func run() throws { try options.grant(.trainee) }
    }

    struct GrantManager: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grant-manager",
            abstract: "Let a login read everyone's results, re-score and export (and record its own visits).")

        @OptionGroup var options: GrantOptions

        func run() throws { try options.grant(.manager) }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Take a login's salessim rights away (its recorded sessions stay).")

        @Argument(help: ArgumentHelp("The login.", valueName: "login"))
        var login: String

        @OptionGroup var server: ServerOptions

        func run() throws {
            try server.perform(purpose: .updating) { store in
                let had = try PostgresAdministration(store: store).revoke(from: login)
                Console.out("'\(login)' no longer has the \(had.map(\.rawValue).joined(separator: " and ")) rights on \(store.path).")
            }
        }
    }

    struct ListMembers: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the logins with salessim rights.")

        @OptionGroup var server: ServerOptions

        func run() throws {
            try server.perform(purpose: .reading) { store in
                let members = try PostgresAdministration(store: store).members()
                if members.isEmpty {
                    Console.out("No login has salessim rights on \(store.path) yet.")
                }
                for member in members {
                    Console.out("\(member.login)\t\(member.roles.map(\.rawValue).joined(separator: ","))\(member.canLogIn ? "" : "\t(cannot log in)")")
                }
            }
        }
    }
}
