package dev.bollard.spi;

/**
 * A built-in or plugged-in module. The contract:
 * <ul>
 *   <li>{@link #parse} reads and checks the arguments, naming the key at fault;</li>
 *   <li>{@link #plan} only reads the host and says what it would change;</li>
 *   <li>the engine applies exactly the planned steps (or, in check mode, records their predictions);</li>
 *   <li>{@link #verify} proves the postcondition afterwards.</li>
 * </ul>
 * Implementations are found with {@link java.util.ServiceLoader}.
 */
public interface Module<A> {

    /** The name a task uses, e.g. {@code lineinfile}. */
    String name();

    /**
     * The arguments this module takes. The engine binds a task's arguments to it before
     * {@link #parse}: unknown keys, types, choices, aliases and defaults never reach the module.
     */
    ArgSpec spec();

    /** What {@code bollard doc} says of the module besides its arguments. */
    ModuleDoc doc();

    /** Builds the module's own view of arguments already bound to {@link #spec()}. */
    A parse(Args args) throws ArgsException;

    Plan plan(A args, TaskContext ctx) throws ModuleFailure, ConnectionException;

    /**
     * The reads {@link #plan} will make for these arguments, so the engine can fetch them for
     * several tasks at once. Listing too little costs a round trip; listing too much costs a read.
     */
    default java.util.List<Probe> probes(A args) {
        return java.util.List.of();
    }

    /**
     * The names this module may set in a host's facts (its result's {@code ansible_facts}), as
     * Ansible injects them as variables: {@code ansible_distribution}, {@code packages}. Checks made
     * before the run treat them as variables only the run defines.
     */
    default java.util.Set<String> factNames() {
        return java.util.Set.of();
    }

    /** Default postcondition: with cached facts dropped, a new plan must have nothing to do. */
    default Verdict verify(A args, TaskContext ctx) throws ModuleFailure, ConnectionException {
        ctx.forget();
        Plan again = plan(args, ctx);
        if (again instanceof Plan.NoOp noOp) return Verdict.holds(noOp.reason());
        return Verdict.fails("not in the desired state: " + ((Plan.Change) again).summary());
    }

    /**
     * False for modules whose effect is an action rather than a state (a command without
     * {@code creates}, {@code debug}): {@code bollard verify} reports them as unchecked unless
     * the task has its own {@code verify} probes.
     */
    default boolean hasPostcondition(A args) {
        return true;
    }
}
