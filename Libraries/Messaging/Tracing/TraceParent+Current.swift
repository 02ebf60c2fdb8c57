import Contracts

extension TraceParent {
    /// The trace context of the work the current task does: set by the inbox processor for each
    /// event it hands to a handler, by intake's middleware for each HTTP request, and by workers for
    /// each unit of work. Every log line written meanwhile names its trace id (ServiceRuntime's
    /// logging bootstrap reads it), and an ``EventEmitter`` made without an explicit trace continues
    /// it. Child tasks inherit it.
    @TaskLocal public static var current: TraceParent?
}
