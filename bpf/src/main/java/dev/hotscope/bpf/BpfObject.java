package dev.hotscope.bpf;

import dev.hotscope.bpf.internal.Libbpf;
import dev.hotscope.bpf.internal.LibbpfLog;
import dev.hotscope.bpf.internal.Native;
import dev.hotscope.bpf.internal.NativeMemory;
import dev.hotscope.bpf.internal.VerifierLogs;
import dev.hotscope.bpf.internal.BpfErrno;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A BPF ELF object opened with libbpf: configure it ({@link #rodata()}, {@link #setMaxEntries}),
 * {@link #load()} it into the kernel, then attach its {@link #program programs} and use its
 * {@link #map maps}. {@link #close()} destroys every link and ring buffer made from it, then the
 * programs and maps; it is idempotent and never throws.
 *
 * <p>Thread-safe. Lifecycle calls and attaches are serialized; map operations run concurrently with
 * each other but never with {@link #close()}.
 */
public final class BpfObject implements AutoCloseable {
    private static final int ENOENT = 2;
    private static final int EPERM = 1;
    private static final int EACCES = 13;
    private static final long LOG_BYTES = 1 << 20;

    private enum State { OPEN, LOADED, FAILED, CLOSED }

    private final String name;
    private final NativeMemory elf;
    private final NativeMemory objectName;
    private final long object;
    private final Map<String, BpfProgram> programs = new LinkedHashMap<>();
    private final Map<String, Long> mapPointers = new LinkedHashMap<>();
    private final Map<String, BpfMap> maps = new LinkedHashMap<>();
    private final List<BpfLink> links = new ArrayList<>();
    private final List<RingBuffer> ringBuffers = new ArrayList<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final long rodataMap;
    private ByteBuffer rodata;
    private volatile State state = State.OPEN;

    private BpfObject(String name, NativeMemory elf, NativeMemory objectName, long object) {
        this.name = name;
        this.elf = elf;
        this.objectName = objectName;
        this.object = object;
        Libbpf libbpf = Native.libbpf();
        for (long p = libbpf.bpf_object__next_program(object, 0); p != 0; p = libbpf.bpf_object__next_program(object, p)) {
            BpfProgram program = new BpfProgram(this, p, Native.string(libbpf.bpf_program__name(p)),
                libbpf.bpf_program__type(p));
            programs.put(program.name(), program);
        }
        long rodataPointer = 0;
        for (long m = libbpf.bpf_object__next_map(object, 0); m != 0; m = libbpf.bpf_object__next_map(object, m)) {
            String mapName = Native.string(libbpf.bpf_map__name(m));
            mapPointers.put(mapName, m);
            if (mapName.equals(".rodata") || mapName.endsWith(".rodata")) {
                rodataPointer = m;
            }
        }
        this.rodataMap = rodataPointer;
    }

    /**
     * Opens an object from its ELF bytes; nothing reaches the kernel until {@link #load()}.
     *
     * @param name the object's name (prefix of its internal maps' names, e.g. {@code name.rodata}); not null or blank
     * @param elf the ELF file's bytes, as clang {@code -target bpf} wrote them; not null or empty; copied
     * @return the open object; close it
     * @throws BpfException with errno if libbpf cannot parse the object (message has libbpf's reason)
     * @throws LibbpfMissingException if libbpf is not installed
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the name is blank or the bytes are empty
     */
    public static BpfObject open(String name, byte[] elf) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(elf, "elf");
        if (name.isBlank()) {
            throw new IllegalArgumentException("BPF object name is blank");
        }
        if (elf.length == 0) {
            throw new IllegalArgumentException("BPF object '" + name + "' has no bytes");
        }
        Libbpf libbpf = Native.libbpf();
        NativeMemory bytes = NativeMemory.of(elf);
        NativeMemory objectName = NativeMemory.string(name);
        String customBtf = System.getProperty("hotscope.bpf.btf");
        try (LibbpfLog.Capture log = LibbpfLog.capture(); NativeMemory opts = NativeMemory.allocate(80, true);
             NativeMemory btfPath = NativeMemory.string(customBtf == null ? "" : customBtf)) {
            opts.putLong(0, 80);                      // sz
            opts.putLong(8, objectName.address());    // object_name
            if (customBtf != null) {
                opts.putLong(48, btfPath.address());  // btf_custom_path: libbpf copies it during open
            }
            long object = libbpf.bpf_object__open_mem(bytes.address(), elf.length, opts.address());
            if (object == 0) {
                int errno = Native.libbpfErrno();
                String why = log.lastWarnings(3);
                throw new BpfException("open of BPF object '" + name + "' failed: " + BpfErrno.describe(errno)
                    + (why.isEmpty() ? "" : ": " + why), errno, null);
            }
            try {
                return new BpfObject(name, bytes, objectName, object);
            } catch (RuntimeException | Error e) {
                libbpf.bpf_object__close(object); // before its ELF bytes are freed below
                throw e;
            }
        } catch (RuntimeException | Error e) {
            bytes.close();
            objectName.close();
            throw e;
        }
    }

    /**
     * Opens an object from a classpath resource, named after its file ({@code x.bpf.o} → {@code x}).
     *
     * @param path the resource path, e.g. {@code dev/hotscope/bpf/programs/syscalls.bpf.o}; not null
     * @return the open object; close it
     * @throws IllegalArgumentException if there is no such resource
     * @throws BpfException if it cannot be read or parsed
     * @throws NullPointerException if the path is null
     */
    public static BpfObject openResource(String path) {
        Objects.requireNonNull(path, "path");
        String resource = path.startsWith("/") ? path.substring(1) : path;
        byte[] bytes;
        try (InputStream in = findResource(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no classpath resource " + resource);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new BpfException("cannot read classpath resource " + resource + ": " + e, 0, e);
        }
        String file = resource.substring(resource.lastIndexOf('/') + 1);
        String objectName = file.replaceFirst("(\\.bpf)?\\.o$", "");
        return open(objectName.isBlank() ? file : objectName, bytes);
    }

    private static InputStream findResource(String resource) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        InputStream in = context == null ? null : context.getResourceAsStream(resource);
        return in != null ? in : BpfObject.class.getClassLoader().getResourceAsStream(resource);
    }

    /** The object's name. */
    public String name() {
        return name;
    }

    /**
     * The {@code .rodata} (const volatile globals) initial value, native byte order, writable until
     * {@link #load()}, which copies it into the map; later writes have no effect. Same buffer on
     * every call.
     *
     * @return the buffer, positioned at 0, its capacity the section's size
     * @throws IllegalStateException if the object is loaded or closed, or has no {@code .rodata}
     */
    public ByteBuffer rodata() {
        lock.writeLock().lock();
        try {
            requireState(State.OPEN, "rodata()");
            if (rodataMap == 0) {
                throw new IllegalStateException("BPF object '" + name + "' has no .rodata (no const volatile globals); maps: "
                    + mapPointers.keySet());
            }
            if (rodata == null) {
                try (NativeMemory size = NativeMemory.allocate(8, true)) {
                    long address = Native.libbpf().bpf_map__initial_value(rodataMap, size.address());
                    long bytes = size.getLong(0);
                    if (address == 0 || bytes <= 0 || bytes > Integer.MAX_VALUE) {
                        throw new IllegalStateException("BPF object '" + name + "': libbpf has no initial value for .rodata");
                    }
                    byte[] initial = new byte[(int) bytes];
                    Native.memory().getByteArray(address, initial, 0, initial.length);
                    rodata = ByteBuffer.wrap(initial).order(ByteOrder.nativeOrder());
                }
            }
            return rodata;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Sets a map's capacity before {@link #load()} (for a ring buffer: its size in bytes, a power
     * of 2 multiple of the page size).
     *
     * @param map the map's name; not null
     * @param maxEntries the capacity, positive
     * @throws IllegalArgumentException if there is no such map (names the existing ones) or the value is not positive
     * @throws IllegalStateException if the object is loaded or closed
     * @throws BpfException with errno if libbpf refuses the value
     */
    public void setMaxEntries(String map, int maxEntries) {
        Objects.requireNonNull(map, "map");
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("max entries of map '" + map + "' must be positive: " + maxEntries);
        }
        lock.writeLock().lock();
        try {
            requireState(State.OPEN, "setMaxEntries()");
            long pointer = mapPointer(map);
            if (Native.libbpf().bpf_map__set_max_entries(pointer, maxEntries) != 0) {
                int errno = Native.libbpfErrno();
                throw new BpfException("setting max entries of map '" + map + "' to " + maxEntries + " failed: "
                    + BpfErrno.describe(errno), errno, null);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Loads every program (verifier included) and creates every map.
     *
     * @throws BpfLoadException if the kernel or libbpf refuses; for a verifier rejection the message ends
     *     with the last 40 lines of the verifier log and {@link BpfLoadException#verifierLog()} has it all
     * @throws BpfPermissionException if the process lacks the privileges (or the kernel said EPERM)
     * @throws BpfUnsupportedException if the kernel has no BTF or cannot load one of the program types
     * @throws IllegalStateException if already loaded, failed or closed
     */
    public void load() {
        lock.writeLock().lock();
        try {
            requireState(State.OPEN, "load()");
            Capabilities.current().require();
            for (BpfProgram program : programs.values()) {
                if (program.autoload() && !Capabilities.current().supportsProgramType(program.type())) {
                    throw new BpfUnsupportedException("BPF object '" + name + "': program '" + program.name()
                        + "' is of type " + program.typeName() + ", which this kernel cannot load", 95);
                }
            }
            copyRodata();
            loadWithLogs();
            Libbpf libbpf = Native.libbpf();
            for (Map.Entry<String, Long> entry : mapPointers.entrySet()) {
                long m = entry.getValue();
                maps.put(entry.getKey(), new BpfMap(this, entry.getKey(), libbpf.bpf_map__type(m), libbpf.bpf_map__fd(m),
                    libbpf.bpf_map__key_size(m), libbpf.bpf_map__value_size(m), libbpf.bpf_map__max_entries(m)));
            }
            state = State.LOADED;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void copyRodata() {
        if (rodata == null) {
            return;
        }
        byte[] bytes = rodata.array();
        try (NativeMemory copy = NativeMemory.of(bytes)) {
            if (Native.libbpf().bpf_map__set_initial_value(rodataMap, copy.address(), bytes.length) != 0) {
                int errno = Native.libbpfErrno();
                throw new BpfLoadException("BPF object '" + name + "': setting .rodata failed: " + BpfErrno.describe(errno),
                    errno, null, null);
            }
        }
    }

    private void loadWithLogs() {
        Libbpf libbpf = Native.libbpf();
        Map<BpfProgram, NativeMemory> logs = new LinkedHashMap<>();
        try (LibbpfLog.Capture capture = LibbpfLog.capture()) {
            for (BpfProgram program : programs.values()) {
                if (program.autoload()) {
                    // Log level 0: libbpf loads without a log and retries at level 1 into this buffer on failure.
                    NativeMemory log = NativeMemory.allocate(LOG_BYTES, false);
                    log.putByte(0, (byte) 0);
                    logs.put(program, log);
                    libbpf.bpf_program__set_log_buf(program.pointer(), log.address(), LOG_BYTES);
                }
            }
            int rc = libbpf.bpf_object__load(object);
            int errno = rc == 0 ? 0 : Math.abs(rc != -1 ? rc : Native.libbpfErrno());
            if (rc != 0) {
                state = State.FAILED;
                throw loadFailure(errno, logs, capture);
            }
        } finally {
            for (Map.Entry<BpfProgram, NativeMemory> entry : logs.entrySet()) {
                libbpf.bpf_program__set_log_buf(entry.getKey().pointer(), 0, 0);
                entry.getValue().close();
            }
        }
    }

    private BpfException loadFailure(int errno, Map<BpfProgram, NativeMemory> logs, LibbpfLog.Capture capture) {
        for (Map.Entry<BpfProgram, NativeMemory> entry : logs.entrySet()) {
            String log = entry.getValue().string();
            if (!log.isEmpty()) {
                String program = entry.getKey().name();
                return new BpfLoadException("BPF object '" + name + "': the kernel rejected program '" + program
                    + "' (" + entry.getKey().typeName() + "): " + BpfErrno.describe(errno)
                    + (errno == 28 ? " (verifier log truncated at 1 MiB)" : "")
                    + "; verifier log, last " + VerifierLogs.TAIL_LINES + " lines:\n" + VerifierLogs.tail(log),
                    errno, program, log);
            }
        }
        String why = capture.lastWarnings(4);
        String message = "load of BPF object '" + name + "' failed: " + BpfErrno.describe(errno)
            + (why.isEmpty() ? "" : ": " + why);
        if (errno == EPERM || errno == EACCES) {
            return Capabilities.permissionDenied(message, errno);
        }
        return new BpfLoadException(message, errno, null, null);
    }

    /**
     * A program of this object, by its function name.
     *
     * @param programName the name; not null
     * @return the program (the same instance on every call)
     * @throws IllegalArgumentException if there is none, naming those that exist
     * @throws IllegalStateException if the object is closed
     */
    public BpfProgram program(String programName) {
        Objects.requireNonNull(programName, "programName");
        lock.readLock().lock();
        try {
            requireNotClosed("program()");
            BpfProgram program = programs.get(programName);
            if (program == null) {
                throw new IllegalArgumentException("BPF object '" + name + "' has no program '" + programName
                    + "'; it has " + programs.keySet());
            }
            return program;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The programs' names, in ELF order; unmodifiable. */
    public List<String> programNames() {
        return List.copyOf(programs.keySet());
    }

    /** The maps' names, in ELF order (libbpf's internal maps included); unmodifiable. */
    public List<String> mapNames() {
        return List.copyOf(mapPointers.keySet());
    }

    /**
     * A map of this object, by name.
     *
     * @param mapName the name; not null
     * @return the map (the same instance on every call)
     * @throws IllegalArgumentException if there is none, naming those that exist
     * @throws IllegalStateException if the object is not loaded
     */
    public BpfMap map(String mapName) {
        Objects.requireNonNull(mapName, "mapName");
        lock.readLock().lock();
        try {
            requireState(State.LOADED, "map()");
            BpfMap map = maps.get(mapName);
            if (map == null) {
                throw new IllegalArgumentException("BPF object '" + name + "' has no map '" + mapName + "'; it has "
                    + maps.keySet());
            }
            return map;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Whether {@link #load()} succeeded and {@link #close()} was not called. */
    public boolean isLoaded() {
        return state == State.LOADED;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /** The links of this object that are still attached; unmodifiable snapshot. */
    public List<BpfLink> links() {
        lock.readLock().lock();
        try {
            return Collections.unmodifiableList(new ArrayList<>(links));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Destroys this object's ring buffers and links, then its programs and maps. Idempotent; never
     * throws.
     */
    @Override
    public void close() {
        List<RingBuffer> rings;
        lock.writeLock().lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            rings = new ArrayList<>(ringBuffers);
            ringBuffers.clear();
        } finally {
            lock.writeLock().unlock();
        }
        // Outside the lock: a ring buffer's close waits for its poller, which may be in a handler.
        for (RingBuffer ring : rings) {
            try {
                ring.close();
            } catch (RuntimeException | Error e) {
                // Keep going: the links and the object below must be released whatever happened.
            }
        }
        lock.writeLock().lock();
        try {
            Libbpf libbpf = Native.libbpf();
            for (BpfLink link : new ArrayList<>(links)) {
                link.destroyLocked(libbpf);
            }
            links.clear();
            libbpf.bpf_object__close(object);
            elf.close();
            objectName.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---- package-private plumbing for programs, links, maps and ring buffers ----

    long mapPointer(String map) {
        Long pointer = mapPointers.get(map);
        if (pointer == null) {
            throw new IllegalArgumentException("BPF object '" + name + "' has no map '" + map + "'; it has "
                + mapPointers.keySet());
        }
        return pointer;
    }

    /** The result of a native attach: the link pointer, or 0 and errno. */
    record Attached(long link, int errno) {}

    /**
     * Runs an attach under the lock, turning a failure into an exception that names the program
     * and the attach point and carries libbpf's warnings.
     */
    BpfLink attach(BpfProgram program, String what, Supplier<Attached> call) {
        lock.writeLock().lock();
        try {
            requireState(State.LOADED, "attach " + what);
            try (LibbpfLog.Capture capture = LibbpfLog.capture()) {
                Attached attached = call.get();
                if (attached.link() == 0) {
                    int errno = Math.abs(attached.errno());
                    String why = capture.lastWarnings(3);
                    String message = "attaching program '" + program.name() + "' to " + what + " failed: "
                        + BpfErrno.describe(errno) + (errno == ENOENT ? hintForMissing(what) : "")
                        + (why.isEmpty() ? "" : ": " + why);
                    throw new BpfAttachException(message, errno);
                }
                BpfLink link = new BpfLink(this, attached.link(), program.name() + " → " + what);
                links.add(link);
                return link;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static String hintForMissing(String what) {
        return what.startsWith("tracepoint ") ? " (no such tracepoint: see /sys/kernel/tracing/events)" : "";
    }

    void destroy(BpfLink link) {
        lock.writeLock().lock();
        try {
            if (links.remove(link)) {
                link.destroyLocked(Native.libbpf());
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    void register(RingBuffer ring) {
        lock.writeLock().lock();
        try {
            requireState(State.LOADED, "RingBuffer.open()");
            ringBuffers.add(ring);
        } finally {
            lock.writeLock().unlock();
        }
    }

    void unregister(RingBuffer ring) {
        lock.writeLock().lock();
        try {
            ringBuffers.remove(ring);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Holds the read lock for a map operation on a loaded object; release with {@link #endMapOperation()}. */
    void beginMapOperation(String what) {
        lock.readLock().lock();
        if (state != State.LOADED) {
            lock.readLock().unlock();
            requireState(State.LOADED, what);
        }
    }

    void endMapOperation() {
        lock.readLock().unlock();
    }

    /** Reads something from libbpf's program or map structs, which exist until {@link #close()}. */
    <T> T read(String what, Supplier<T> read) {
        lock.readLock().lock();
        try {
            requireNotClosed(what);
            return read.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs a configuration step under the lock, while the object is open and not yet loaded. */
    void configure(String what, Runnable step) {
        lock.writeLock().lock();
        try {
            requireState(State.OPEN, what);
            step.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void requireNotClosed(String call) {
        if (state == State.CLOSED) {
            throw new IllegalStateException(call + " on BPF object '" + name + "' which is closed");
        }
    }

    private void requireState(State wanted, String call) {
        State now = state;
        if (now == wanted) {
            return;
        }
        String why;
        switch (now) {
            case CLOSED: why = "is closed"; break;
            case FAILED: why = "failed to load; close it"; break;
            case LOADED: why = "is already loaded"; break;
            default: why = "is not loaded yet: call load() first"; break;
        }
        throw new IllegalStateException(call + " on BPF object '" + name + "' which " + why);
    }

    @Override
    public String toString() {
        return "BpfObject[" + name + ", " + state.name().toLowerCase(java.util.Locale.ROOT) + ", programs "
            + programs.keySet() + ", maps " + mapPointers.keySet() + "]";
    }
}
