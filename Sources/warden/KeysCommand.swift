import ArgumentParser
import Foundation
import Gateway

/// `warden keys ...`: create, list and revoke API keys in the data directory's key store.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke API keys (stored only as SHA-256 hashes).",
        subcommands: [KeysCreateCommand.self, KeysListCommand.self, KeysRevokeCommand.self])
}

/// `warden keys create --role ROLE [--role ROLE] [--name N] [--tenant T]`: prints the new key once.
struct KeysCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a key; it is printed once and never stored in clear.")

    @OptionGroup var data: DataDirectoryOption
    @Option(name: .customLong("role"), help: "client, reviewer or policy-admin (repeat for several).")
    var roles: [String] = []
    @Option(help: "A label to recognise the key by.") var name: String = ""
    @Option(help: "The tenant its requests belong to (policy condition `tenants`).") var tenant: String = "default"

    func run() async throws {
        guard !roles.isEmpty else { throw ValidationError("give at least one --role (client, reviewer, policy-admin)") }
        let parsed = try roles.map { name throws(GatewayError) in try Role(name: name) }
        let store = try APIKeyStore(dataDirectory: data.url)
        let issued = try await store.create(roles: Set(parsed), name: name, tenant: tenant)
        print("id:     \(issued.record.id)")
        print("roles:  \(issued.record.roles.map(\.rawValue).joined(separator: ", "))")
        print("tenant: \(issued.record.tenant)")
        print("key:    \(issued.secret)")
        FileHandle.standardError.write(Data("The key is shown only now; Warden keeps its SHA-256 hash, not the key.\n".utf8))
    }
}

/// `warden keys list`: one line per key (never the key itself).
struct KeysListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List keys: id, prefix, roles, state.")

    @OptionGroup var data: DataDirectoryOption

    func run() async throws {
        let store = try APIKeyStore(dataDirectory: data.url)
        let formatter = ISO8601DateFormatter()
        for key in try await store.list() {
            let state = key.revokedAt.map { "revoked \(formatter.string(from: $0))" } ?? "active"
            print([key.id, key.prefix + "...", key.roles.map(\.rawValue).joined(separator: ","), "tenant=\(key.tenant)",
                   "created \(formatter.string(from: key.createdAt))", state, key.name].joined(separator: "  "))
        }
    }
}

/// `warden keys revoke ID`: the key is refused (401) from its next request on.
struct KeysRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a key by its id.")

    @OptionGroup var data: DataDirectoryOption
    @Argument(help: "The key id (key_...), as `warden keys list` shows it.") var id: String

    func run() async throws {
        let store = try APIKeyStore(dataDirectory: data.url)
        let record = try await store.revoke(id: id)
        print("revoked \(record.id) (\(record.roles.map(\.rawValue).joined(separator: ",")))")
    }
}
