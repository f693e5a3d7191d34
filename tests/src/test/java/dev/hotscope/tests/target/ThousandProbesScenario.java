package dev.hotscope.tests.target;

import dev.hotscope.usdt.ArgType;
import dev.hotscope.usdt.Probe;
import dev.hotscope.usdt.Provider;
import java.util.ArrayList;
import java.util.List;

/** One provider with probes {@code p0} to {@code p999}; {@code fire} fires each with {@code 1000000 + i}. */
final class ThousandProbesScenario implements Scenario {
    static final int PROBES = 1000;

    private final List<Probe> probes = new ArrayList<>();

    @Override
    public String providerName() {
        return "hsmany";
    }

    @Override
    public void declare(Provider provider) {
        for (int i = 0; i < PROBES; i++) {
            probes.add(provider.probe("p" + i, ArgType.INT64));
        }
    }

    @Override
    public List<String> fire() {
        for (int i = 0; i < PROBES; i++) {
            probes.get(i).fire(1_000_000L + i);
        }
        return List.of();
    }
}
