package dev.bollard.modules.exec;

/**
 * What {@code command} and {@code shell} run: the script for {@code sh -c}, what the user wrote
 * (for output), and the guards that make it idempotent.
 */
record ExecArgs(String script, String shown, String creates, String removes, String chdir, String stdin) {
}
