import GovLoadSupport

/// Stable entity numbers for random streams, derived from names rather than positions, so that
/// adding or reordering entities in a scenario leaves the other entities' streams unchanged.
public enum StreamIdentity {
    /// FNV-1a (32-bit) of the name's UTF-8 bytes.
    public static func entity(named name: String) -> UInt32 {
        var hash: UInt32 = 0x811c_9dc5
        for byte in name.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return hash
    }
}
