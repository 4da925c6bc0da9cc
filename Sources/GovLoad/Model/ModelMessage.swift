/// What the model's logical processes say to each other through the engine. Channel-only
/// scenarios exchange nothing; the city model adds contacts, work orders and reports.
public enum ModelMessage: Sendable {}
