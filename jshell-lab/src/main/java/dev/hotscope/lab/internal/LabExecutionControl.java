package dev.hotscope.lab.internal;

import jdk.jshell.execution.LocalExecutionControl;

/**
 * Runs snippets in the lab's own JVM, where the tracers live, and turns JShell's stop (Ctrl-C in the
 * terminal, interrupt in Jupyter) into an interrupt of the waiting lab operation. Only when no lab
 * operation waits does it fall back to the JDK's stop, which ends a user's own loop.
 */
public final class LabExecutionControl extends LocalExecutionControl {
    private static volatile LabExecutionControl current;

    LabExecutionControl() {
        current = this;
    }

    /** Returns the control of the running session, or null before one started. */
    public static LabExecutionControl current() {
        return current;
    }

    /**
     * The lab's own refusals (an unknown probe, a dead pid, no privileges) are one line in JShell:
     * their stack would only show the lab's insides. Other exceptions keep their stack.
     */
    @Override
    protected String throwConvertedInvocationException(Throwable cause) throws RunException, InternalException {
        if (LabErrors.isRefusal(cause)) {
            // Without stack or cause: the message already says what was wrong and what to do.
            throw new UserException(LabErrors.oneLine(cause), cause.getClass().getName(), new StackTraceElement[0]);
        }
        return super.throwConvertedInvocationException(cause);
    }

    @Override
    public void stop() throws EngineTerminationException, InternalException {
        if (!Cancellation.cancelAll()) {
            super.stop();
        }
    }
}
