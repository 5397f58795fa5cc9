package io.jhyve.cli;

import io.jhyve.JhyveException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code jhyve}: the command-line entry. Subcommands do the work; this class maps failures to exit
 * statuses: 2 for input the user must fix (config, flags, kernel), 1 for everything else.
 */
@Command(name = "jhyve", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Boot Linux x86_64 kernels on KVM and say what happened.",
        subcommands = {RunCommand.class, InspectCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'jhyve run --help'");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs jhyve with {@code args} and returns the exit status (for tests and main). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof JhyveException) {
                System.err.println("jhyve: " + ex.getMessage());
                return JhyveException.EXIT_BAD_INPUT;
            }
            if (ex instanceof io.jhyve.hv.HypervisorException) {
                System.err.println("jhyve: " + ex.getMessage());
                return 1;
            }
            System.err.println("jhyve: internal error: " + ex);
            ex.printStackTrace();
            return 1;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("jhyve: " + ex.getMessage());
            ex.getCommandLine().usage(System.err);
            return JhyveException.EXIT_BAD_INPUT;
        });
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jhyve " + (v == null ? "(development build)" : v)};
        }
    }
}
