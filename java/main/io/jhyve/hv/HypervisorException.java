package io.jhyve.hv;

/**
 * A hypervisor call failed. Names the call, the error and what the user can do about it.
 */
public class HypervisorException extends RuntimeException {
    private final String call;
    private final String error;

    public HypervisorException(String call, String error, String hint) {
        super(call + " failed: " + error + (hint == null || hint.isEmpty() ? "" : ". " + hint));
        this.call = call;
        this.error = error;
    }

    public String call() { return call; }

    public String error() { return error; }
}
