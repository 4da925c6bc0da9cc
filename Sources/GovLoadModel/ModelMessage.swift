import GovLoadEngine
import GovLoadQueueing
import GovLoadSupport

/// What the model's logical processes say to each other through the engine. Channel-only
/// scenarios exchange nothing; the city model sends contacts, work orders and closures
/// (docs/engine.md, docs/model.md).
public enum ModelMessage: Sendable {
    /// A resident's contact arriving at a channel hub.
    case contact(Contact)
    /// A channel hub's answer to the resident's partition.
    case answer(Contact)
    /// A work order for the command centre (or, when reopened, for its department).
    case workOrder(CaseRecord)
    /// A department's "done", back to the case's partition.
    case handled(CaseRecord)
}
