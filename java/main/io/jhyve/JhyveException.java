package io.jhyve;

/**
 * Bad input from the user or the host (config, flags, kernel, initrd, disk), found before the VM
 * starts. The message is complete and meant to be printed as it is; the exit code says which kind.
 */
public class JhyveException extends RuntimeException {
    /** Exit status for input the user must fix. */
    public static final int EXIT_BAD_INPUT = 2;

    public JhyveException(String message) {
        super(message);
    }

    public JhyveException(String message, Throwable cause) {
        super(message, cause);
    }
}
