package dev.hotscope.tests.target;

import dev.hotscope.usdt.Provider;
import java.util.List;

/** One set of probes the target declares, and the fixed sequence it fires on {@code fire}. */
public interface Scenario {
    /** The provider name tracers see, e.g. {@code hsvalues}. */
    String providerName();

    /**
     * Declares this scenario's probes on a provider that is not loaded yet.
     *
     * @param provider the provider
     */
    void declare(Provider provider);

    /**
     * Fires the scenario's fixed sequence once.
     *
     * @return report lines for the test, printed before {@code FIRED}; may be empty
     * @throws InterruptedException if the firing thread is interrupted while waiting for workers
     */
    List<String> fire() throws InterruptedException;
}
