package io.jhyve.hv.hvf;

import io.jhyve.hv.HypervisorException;

/**
 * Hypervisor.framework cannot do what jhyve needs, or refused it. The message starts with "HVF:"
 * and is complete as it is: it names the rule, the value and, where there is one, what the user
 * can do (no "call failed:" prefix around it).
 */
public class HvfException extends HypervisorException {
    public HvfException(String call, String message) {
        super(call, message, null);
    }

    @Override
    public String getMessage() {
        return error();
    }
}
