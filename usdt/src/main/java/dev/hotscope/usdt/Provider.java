package dev.hotscope.usdt;

import dev.hotscope.usdt.internal.BackingFiles;
import dev.hotscope.usdt.internal.MappedObject;
import dev.hotscope.usdt.internal.Names;
import dev.hotscope.usdt.internal.elf.SdtObject;
import dev.hotscope.usdt.internal.elf.SdtObjectWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A named group of USDT probes backed by one small shared object.
 *
 * <p>Declare probes with {@link #probe}, then {@link #load()} writes the object (one probe site,
 * one {@code .note.stapsdt} note and one semaphore per probe) to a private file and maps it, at
 * which point tracers see the probes through {@code /proc/PID/maps}. {@link #close()} unmaps the
 * object and removes the file; closing is idempotent and safe while other threads fire probes.
 * Creating, loading and firing need no privileges; only tracing does.
 */
public final class Provider implements AutoCloseable {
    /** The most arguments one probe can take: the six integer argument registers. */
    public static final int MAX_ARGS = 6;

    private enum State { DECLARING, LOADED, CLOSED }

    private final String name;
    private final List<Probe> probes = new ArrayList<>();
    private final Map<String, Probe> byName = new HashMap<>();
    private ProbeSite site;
    private State state = State.DECLARING;
    private MappedObject mapped;
    private Path file;

    Provider(String name) {
        this.name = Names.requireIdentifier("provider", name);
    }

    /** This provider's name, the part before the colon in {@code provider:probe}. */
    public String name() {
        return name;
    }

    /**
     * Declares a probe.
     *
     * @param probeName a C identifier of at most 64 characters, unique in this provider
     * @param args the argument types, at most {@value #MAX_ARGS}; none for a probe without arguments
     * @return the probe; it does nothing until {@link #load()}
     * @throws IllegalArgumentException if the name is not a C identifier, is taken, or there are too many arguments
     * @throws IllegalStateException if this provider is already loaded or closed
     * @throws NullPointerException if the name, the array or an element is null
     */
    public synchronized Probe probe(String probeName, ArgType... args) {
        Names.requireIdentifier("probe", probeName);
        for (ArgType arg : args) {
            if (arg == null) {
                throw new NullPointerException("probe " + name + ":" + probeName + " has a null argument type");
            }
        }
        requireState(State.DECLARING, "probe()");
        if (args.length > MAX_ARGS) {
            throw new IllegalArgumentException("probe " + name + ":" + probeName + " has " + args.length
                + " arguments: at most " + MAX_ARGS + " are supported (one per argument register)");
        }
        if (byName.containsKey(probeName)) {
            throw new IllegalArgumentException("probe " + name + ":" + probeName
                + " is already declared: probe names must be unique in a provider");
        }
        Probe probe = new Probe(this, probeName, args, probes.size());
        probes.add(probe);
        byName.put(probeName, probe);
        return probe;
    }

    /**
     * Chooses where probe notes point; by default {@link ProbeSite#forThisKernel()}.
     *
     * @param site the site; not null
     * @return this provider
     * @throws IllegalStateException if this provider is already loaded or closed
     */
    public synchronized Provider site(ProbeSite site) {
        requireState(State.DECLARING, "site()");
        this.site = java.util.Objects.requireNonNull(site, "site");
        return this;
    }

    /** The site chosen, or the one load() will choose. */
    public synchronized ProbeSite site() {
        return site != null ? site : ProbeSite.forThisKernel();
    }

    /**
     * Writes and maps the backing object; from now on tracers can see and enable the probes.
     *
     * @return this provider
     * @throws IllegalStateException if no probe is declared, or this provider is loaded or closed
     * @throws UsdtException if the object cannot be written or mapped (message says why, with errno)
     */
    public synchronized Provider load() {
        requireState(State.DECLARING, "load()");
        if (probes.isEmpty()) {
            throw new IllegalStateException("provider " + name
                + " has no probes: declare at least one with probe() before load()");
        }
        ProbeSite chosen = site();
        List<SdtObjectWriter.ProbeSpec> specs = new ArrayList<>();
        for (Probe probe : probes) {
            specs.add(new SdtObjectWriter.ProbeSpec(probe.name(), probe.argSpec()));
        }
        SdtObject object = SdtObjectWriter.write(name, specs, chosen == ProbeSite.NOP5);
        Path written = BackingFiles.write(name, object.bytes());
        try {
            mapped = MappedObject.map(written, object);
        } catch (RuntimeException e) {
            BackingFiles.delete(written);
            throw e;
        }
        file = written;
        site = chosen;
        ByteBuffer semaphores = mapped.semaphores(probes.size());
        for (Probe probe : probes) {
            probe.bind(mapped.address(object.functionAddresses().get(probe.index())),
                semaphores.slice(2 * probe.index(), 2).order(semaphores.order()));
        }
        state = State.LOADED;
        return this;
    }

    /** Whether {@link #load()} succeeded and {@link #close()} has not been called. */
    public synchronized boolean isLoaded() {
        return state == State.LOADED;
    }

    /** Whether {@link #close()} has been called. */
    public synchronized boolean isClosed() {
        return state == State.CLOSED;
    }

    /**
     * The backing file tracers resolve through {@code /proc/PID/maps}.
     *
     * @return the file's path
     * @throws IllegalStateException if this provider is not loaded
     */
    public synchronized Path path() {
        requireState(State.LOADED, "path()");
        return file;
    }

    /** The probes in declaration order; unmodifiable. */
    public synchronized List<Probe> probes() {
        return List.copyOf(probes);
    }

    /**
     * The declared probe of that name. (Not an overload of {@link #probe(String, ArgType...)}, so
     * that {@code probe("tick")} always declares a probe without arguments.)
     *
     * @param probeName the name
     * @return the probe
     * @throws IllegalArgumentException if there is none, naming those that exist
     */
    public synchronized Probe lookup(String probeName) {
        Probe probe = byName.get(probeName);
        if (probe == null) {
            throw new IllegalArgumentException("provider " + name + " has no probe '" + probeName
                + "'; it has " + byName.keySet());
        }
        return probe;
    }

    /**
     * Unmaps the object and deletes its file; probes read as disabled and {@code fire} does
     * nothing from now on. Idempotent; never throws.
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (mapped != null) {
            try {
                mapped.close();
            } catch (RuntimeException e) {
                // The pages stay file-backed but still safe to read and call; say so once.
                System.err.println("hotscope: " + e.getMessage());
            }
            BackingFiles.delete(file);
        }
    }

    private void requireState(State wanted, String call) {
        if (state == wanted) {
            return;
        }
        String why = state == State.CLOSED ? "is closed"
            : state == State.LOADED ? "is already loaded" : "is not loaded yet";
        String advice = wanted == State.DECLARING
            ? ": declare every probe before load(), or use a new provider" : ": call load() first";
        throw new IllegalStateException(call + " on provider " + name + " which " + why + advice);
    }

    @Override
    public synchronized String toString() {
        return "Provider[" + name + ", " + probes.size() + " probes, " + state.name().toLowerCase(java.util.Locale.ROOT)
            + (file != null && state == State.LOADED ? ", " + file : "") + "]";
    }
}
