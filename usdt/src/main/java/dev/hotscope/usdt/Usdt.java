package dev.hotscope.usdt;

/**
 * Entry point: declare USDT probes from Java at run time.
 *
 * <pre>{@code
 * Provider p = Usdt.provider("myapp");
 * Probe start = p.probe("request__start", ArgType.INT64, ArgType.STRING);
 * p.load();
 * if (start.isEnabled()) start.fire(42L, "GET /");
 * p.close();
 * }</pre>
 */
public final class Usdt {
    private Usdt() {}

    /**
     * A new provider with no probes yet. Several providers, even of the same name, may coexist.
     *
     * @param name a C identifier of at most 64 characters; not null
     * @return the provider, not yet loaded
     * @throws IllegalArgumentException if the name is not a C identifier or is too long
     * @throws NullPointerException if the name is null
     */
    public static Provider provider(String name) {
        return new Provider(name);
    }
}
