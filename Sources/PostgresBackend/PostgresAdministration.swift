import Foundation
import Store

/// What the company's administrator does on the shared server, through `salessim admin`:
/// create the schema and the two group roles, give a person's login the trainee's or the
/// manager's rights, take them back, list who has which.
///
/// Run with a login that owns the database (or may create roles): the administrator's, never a
/// trainee's.
public struct PostgresAdministration {
    /// The rights a login can be given.
    public enum Role: String, Sendable, CaseIterable {
        case trainee, manager

        var groupRole: String { self == .trainee ? PostgresSchema.trainee : PostgresSchema.manager }
    }

    /// One login with salessim rights.
    public struct Member: Sendable, Hashable {
        public var login: String
        public var roles: [Role]
        public var canLogIn: Bool
    }

    let store: Store
    let backend: PostgresServerBackend

    /// `store` must be a PostgreSQL store; an SQLite file has no logins to grant.
    public init(store: Store) throws {
        guard let backend = store.backend as? PostgresServerBackend else {
            throw StoreError(.other, path: store.path, action: "administering access",
                             detail: "access control needs a PostgreSQL store (--db postgres://...); an SQLite file is protected by the file system's permissions")
        }
        self.store = store
        self.backend = backend
    }

    /// Gives `login` the rights of `role`, creating the login (with `password`) when it does not
    /// exist, or setting its password when one is given. Returns whether the login was created.
    @discardableResult
    public func grant(_ role: Role, to login: String, password: String?) throws -> Bool {
        try PostgresAdministration.check(login: login)
        if let password, password.contains("\0") {
            throw StoreError(.other, path: store.path, action: "granting \(role.rawValue) to '\(login)'", detail: "the password holds a NUL character")
        }
        return try backend.administer("granting \(role.rawValue) to '\(login)'") { db in
            let exists = try db.fetchOne("SELECT 1 AS found FROM pg_roles WHERE rolname = ?", [.text(login)]) != nil
            let passwordClause = password.map { " PASSWORD " + PostgresAdministration.literal($0) } ?? ""
            if exists {
                try db.execute("ALTER ROLE \(PostgresAdministration.identifier(login)) LOGIN\(passwordClause)", [])
            } else {
                try db.execute("CREATE ROLE \(PostgresAdministration.identifier(login)) LOGIN\(passwordClause)", [])
            }
            try db.execute("GRANT \(role.groupRole) TO \(PostgresAdministration.identifier(login))", [])
            return !exists
        }
    }

    /// Takes `login`'s salessim rights away (the login itself stays: it may serve other uses).
    /// Returns the roles it had.
    @discardableResult
    public func revoke(from login: String) throws -> [Role] {
        try PostgresAdministration.check(login: login)
        let had = try members().first { $0.login == login }?.roles ?? []
        guard !had.isEmpty else {
            throw StoreError(.notFound, path: store.path, action: "revoking the rights of '\(login)'", detail: "'\(login)' has no salessim rights")
        }
        try backend.administer("revoking the rights of '\(login)'") { db in
            for role in had {
                try db.execute("REVOKE \(role.groupRole) FROM \(PostgresAdministration.identifier(login))", [])
            }
        }
        return had
    }

    /// Every login with salessim rights, by name.
    public func members() throws -> [Member] {
        let rows = try store.backend.read("listing who has salessim rights") { db in
            try db.fetch("""
                SELECT r.rolname AS login, g.rolname AS grouprole, r.rolcanlogin AS can_login
                FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid
                WHERE g.rolname IN (?, ?)
                ORDER BY r.rolname COLLATE "C", g.rolname
                """, [.text(PostgresSchema.trainee), .text(PostgresSchema.manager)]).map {
                ($0.text("login") ?? "", $0.text("grouprole") ?? "", $0.bool("can_login") ?? false)
            }
        }
        var members: [Member] = []
        for (login, group, canLogIn) in rows {
            let role: Role = group == PostgresSchema.manager ? .manager : .trainee
            if let last = members.last, last.login == login {
                members[members.count - 1].roles.append(role)
            } else {
                members.append(Member(login: login, roles: [role], canLogIn: canLogIn))
            }
        }
        return members
    }

    static func check(login: String) throws {
        guard !login.isEmpty, login.utf8.count <= 63, !login.contains("\0"), !login.hasPrefix("pg_") else {
            throw StoreError(.other, path: "", action: "naming a login",
                             detail: "'\(login)' cannot be a login: 1 to 63 bytes, no NUL, not starting with pg_")
        }
    }

    /// A quoted SQL identifier.
    static func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A quoted SQL string literal (standard_conforming_strings, on since PostgreSQL 9.1).
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
