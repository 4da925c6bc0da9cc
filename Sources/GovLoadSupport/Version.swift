/// GovLoad's version, written into every manifest; releases are tagged with it (CHANGELOG.md).
public enum GovLoadVersion { public static let string = "0.2.0" }
