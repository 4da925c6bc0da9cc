public enum GovLoadVersion { public static let string = "0.1.0" }
