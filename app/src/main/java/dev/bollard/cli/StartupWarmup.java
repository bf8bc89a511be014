package dev.bollard.cli;

/**
 * What a run needs before its first host, readied on a second core while the main thread reads the
 * command line (the slowest part of a start): the modules are found for the run to take, the YAML
 * reader runs once on a few lines, what a host lock records about this process is gathered, and the
 * SSH code is initialised. Nothing here touches a host or
 * a file of the run; {@code BOLLARD_WARMUP=0} turns it off.
 */
final class StartupWarmup implements Runnable {
    private StartupWarmup() {
    }

    static void start(java.util.Map<String, String> env) {
        if ("0".equals(env.get("BOLLARD_WARMUP"))) return;
        // a class, not a method reference: the first lambda of a run links the lambda machinery,
        // which is better done on this thread than on the main one
        Thread t = new Thread(new StartupWarmup(), "bollard-warmup");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        dev.bollard.spi.ModuleRegistry.findAhead();
        try {
            dev.bollard.yaml.BollardYaml.toJava(dev.bollard.yaml.BollardYaml.compose("- name: warm-up\n  vars: {a: [1, 'x', true]}\n", "(warm-up)"));
        } catch (Exception | LinkageError ignored) {
            // a warm-up only: the playbook's own reading meets any real problem
        }
        dev.bollard.spi.LockHolder.prepare();
        dev.bollard.ssh.SshWarmup.run();
    }
}
