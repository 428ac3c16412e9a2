import Foundation

/// Name-based UUIDs (RFC 9562 version 5): the same namespace and name always give the same id.
///
/// xAPI statement ids are made from the session's uuid and the statement's kind, so sending a
/// statement again sends the same id, which a record store keeps only once.
public enum NameBasedUUID {
    /// The namespace of salessim's statement ids (itself the version 5 UUID of salessim's URL in
    /// the RFC's URL namespace).
    public static let salessimNamespace = make(namespace: urlNamespace, name: "https://salessim.example/xapi")

    /// The RFC's URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
    public static let urlNamespace = UUID(uuid: (0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8))

    public static func make(namespace: UUID, name: String) -> UUID {
        let space = namespace.uuid
        let bytes: [UInt8] = [space.0, space.1, space.2, space.3, space.4, space.5, space.6, space.7, space.8, space.9,
                              space.10, space.11, space.12, space.13, space.14, space.15]
        var hash = SHA1.hash(bytes + Array(name.utf8))
        hash[6] = (hash[6] & 0x0F) | 0x50
        hash[8] = (hash[8] & 0x3F) | 0x80
        return UUID(uuid: (hash[0], hash[1], hash[2], hash[3], hash[4], hash[5], hash[6], hash[7], hash[8], hash[9],
                           hash[10], hash[11], hash[12], hash[13], hash[14], hash[15]))
    }
}
