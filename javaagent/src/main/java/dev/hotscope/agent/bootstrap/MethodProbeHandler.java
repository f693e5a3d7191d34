package dev.hotscope.agent.bootstrap;

/**
 * What a probed method's inlined advice reaches through {@link MethodProbeBridge}; implemented by
 * the agent. Both calls run on the application's thread, around every probed call, so they must be
 * cheap and should not throw (the advice discards anything thrown).
 */
public interface MethodProbeHandler {
    /**
     * A probed method was entered.
     *
     * @param id the method's probe id
     * @return the entry time ({@link System#nanoTime()}), or 0 when this call is not followed
     */
    long enter(int id);

    /**
     * A probed method returned or threw.
     *
     * @param id the method's probe id
     * @param start what {@link #enter(int)} returned for this call; 0 when it was not followed
     */
    void exit(int id, long start);
}
