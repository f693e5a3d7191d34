package dev.hotscope.agent.boot;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.SecureClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Loads hotscope's internals from the {@code hotscope-inst/} part of its own jar, where classes are
 * stored as {@code .classdata} so the system class loader, which has the jar on its class path
 * once {@code -javaagent} appended it, cannot see them.
 *
 * <p>Classes: child-first from {@code hotscope-inst/}, then the platform class loader, which also
 * reaches the JDK modules defined to the application loader (jdk.attach, jdk.jshell, jdk.jdi...).
 * The application's class path is never consulted: an app's own Byte Buddy, jnr or picocli can
 * neither replace ours nor fill in for a class we lack. Names in {@code dev.hotscope.agent.bootstrap.}
 * come from the bootstrap loader only, where the agent injects them.
 *
 * <p>Resources: a name {@code a/B.class} is looked up as {@code hotscope-inst/a/B.classdata},
 * anything else as {@code hotscope-inst/NAME}; ours first, then the platform loader. Entries under
 * {@code hotscope-inst/META-INF/versions/N/} override their base entry on Java N and later, as in a
 * multi-release jar. Safe for concurrent use; the jar stays open until {@link #close()}.
 */
public final class AgentClassLoader extends SecureClassLoader implements Closeable {
    static {
        registerAsParallelCapable();
    }

    /** The folder of the jar that holds everything but the boot classes. */
    public static final String INST = "hotscope-inst/";
    /** What {@code .class} files are renamed to inside {@link #INST}. */
    public static final String CLASSDATA = ".classdata";
    /** The package whose classes must come from the bootstrap loader. */
    public static final String BOOTSTRAP_PACKAGE = "dev.hotscope.agent.bootstrap.";

    private static final String VERSIONS = INST + "META-INF/versions/";

    private final Path path;
    private final JarFile jar;
    private final String jarUrl;
    private final CodeSource codeSource;
    private final Attributes manifest;
    /** Multi-release versions present in the jar that apply to this JVM, highest first. */
    private final int[] versions;
    private final URLStreamHandler entries = new EntryHandler();

    private AgentClassLoader(Path path, JarFile jar, int[] versions) throws IOException {
        super("hotscope", ClassLoader.getPlatformClassLoader());
        this.path = path;
        this.jar = jar;
        this.jarUrl = path.toUri().toString();
        this.codeSource = new CodeSource(path.toUri().toURL(), (CodeSigner[]) null);
        Manifest mf = jar.getManifest();
        this.manifest = mf == null ? new Attributes() : mf.getMainAttributes();
        this.versions = versions;
    }

    /**
     * Opens a hotscope jar.
     *
     * @param jar the agent jar; not null
     * @return a loader that owns the open jar until {@link #close()}; never null
     * @throws IOException if the jar cannot be opened or has no {@code hotscope-inst/} part
     */
    public static AgentClassLoader open(Path jar) throws IOException {
        Path absolute = jar.toAbsolutePath().normalize();
        JarFile file = new JarFile(absolute.toFile(), false);
        try {
            return new AgentClassLoader(absolute, file, applicableVersions(file, absolute));
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Opens the jar a boot class was loaded from.
     *
     * @param boot a class of this package; not null
     * @return a loader over that jar; never null
     * @throws IOException if the class does not come from a readable jar file
     */
    static AgentClassLoader forJarOf(Class<?> boot) throws IOException {
        ProtectionDomain domain = boot.getProtectionDomain();
        CodeSource source = domain == null ? null : domain.getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            throw new IOException("cannot locate the hotscope jar: " + boot.getName() + " has no code source");
        }
        Path jar;
        try {
            jar = Path.of(location.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot locate the hotscope jar: " + location + " is not a file", e);
        }
        if (!Files.isRegularFile(jar)) {
            throw new IOException("cannot locate the hotscope jar: " + jar + " is not a jar file");
        }
        return open(jar);
    }

    /**
     * The jar this loader reads.
     *
     * @return its absolute path; never null
     */
    public Path jar() {
        return path;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = locate(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> locate(String name) throws ClassNotFoundException {
        if (name.startsWith(BOOTSTRAP_PACKAGE)) {
            // Instrumented app classes call into these; a second copy defined here would split their state.
            return Class.forName(name, false, null);
        }
        if (!name.startsWith("java.")) {
            Class<?> ours = defineFromJar(name);
            if (ours != null) {
                return ours;
            }
        }
        return getParent().loadClass(name);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> c = name.startsWith(BOOTSTRAP_PACKAGE) ? null : defineFromJar(name);
        if (c == null) {
            throw new ClassNotFoundException(name);
        }
        return c;
    }

    private Class<?> defineFromJar(String name) throws ClassNotFoundException {
        JarEntry entry = entry(name.replace('.', '/') + CLASSDATA);
        if (entry == null) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException | IllegalStateException e) {
            throw new ClassNotFoundException(name + ": cannot read " + entry.getName() + " from " + path, e);
        }
        definePackageOf(name);
        return defineClass(name, bytes, 0, bytes.length, codeSource);
    }

    /** Defines the package with the jar's manifest, as a URLClassLoader would, so version lookups work. */
    private void definePackageOf(String className) {
        int dot = className.lastIndexOf('.');
        if (dot < 0) {
            return;
        }
        String pkg = className.substring(0, dot);
        if (getDefinedPackage(pkg) != null) {
            return;
        }
        String title = manifest.getValue(Attributes.Name.IMPLEMENTATION_TITLE);
        String version = manifest.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        String vendor = manifest.getValue(Attributes.Name.IMPLEMENTATION_VENDOR);
        try {
            definePackage(pkg, null, null, null, title, version, vendor, null);
        } catch (IllegalArgumentException definedMeanwhile) {
            // Another thread loading a class of the same package won the race; its package is equal.
        }
    }

    /** Ours first, then the platform loader's; null if neither has it. */
    @Override
    public URL getResource(String name) {
        URL ours = findResource(name);
        return ours != null ? ours : getParent().getResource(name);
    }

    /** Ours first, then the platform loader's. */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(2);
        URL ours = findResource(name);
        if (ours != null) {
            all.add(ours);
        }
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }

    /** Read straight from the open jar; ours first, then the platform loader's; null if neither has it. */
    @Override
    public InputStream getResourceAsStream(String name) {
        JarEntry entry = resourceEntry(name);
        if (entry == null) {
            return getParent().getResourceAsStream(name);
        }
        try {
            return jar.getInputStream(entry);
        } catch (IOException | IllegalStateException e) {
            return null; // unreadable or closed meanwhile: not found, as the contract allows
        }
    }

    @Override
    protected URL findResource(String name) {
        JarEntry entry = resourceEntry(name);
        return entry == null ? null : urlOf(entry);
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL ours = findResource(name);
        return ours == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(ours));
    }

    private JarEntry resourceEntry(String name) {
        if (name == null || name.startsWith("/")) {
            return null;
        }
        return entry(name.endsWith(".class")
            ? name.substring(0, name.length() - ".class".length()) + CLASSDATA
            : name);
    }

    /** The entry for a path inside {@code hotscope-inst/}, its multi-release version if there is one. */
    private JarEntry entry(String inner) {
        try {
            if (!inner.startsWith("META-INF/")) {
                for (int version : versions) {
                    JarEntry versioned = jar.getJarEntry(VERSIONS + version + '/' + inner);
                    if (versioned != null) {
                        return versioned;
                    }
                }
            }
            return jar.getJarEntry(INST + inner);
        } catch (IllegalStateException closed) {
            return null; // after close() nothing more is found, as with URLClassLoader
        }
    }

    /**
     * A {@code jar:} URL read from the already open jar. A class's URL ends in {@code .class}, not
     * {@code .classdata}, as callers expect of {@code getResource("a/B.class")}: jnr-ffi cuts that
     * suffix off to find the base of the class path, and URLs resolved against it use this handler.
     */
    @SuppressWarnings("deprecation") // URL.of(URI, handler) is Java 20+; this constructor is not removed.
    private URL urlOf(JarEntry entry) {
        String name = entry.getName();
        String path = name.endsWith(CLASSDATA) ? name.substring(0, name.length() - CLASSDATA.length()) + ".class" : name;
        try {
            return new URL("jar", null, -1, jarUrl + "!/" + path, entries);
        } catch (MalformedURLException e) {
            throw new IllegalStateException("unreachable: jar URL of " + name, e);
        }
    }

    /**
     * Closes the jar; classes already loaded keep working, but from then on no more classes or
     * resources are found in it, as with {@link java.net.URLClassLoader#close()}. Idempotent.
     *
     * @throws IOException if closing the jar fails
     */
    @Override
    public void close() throws IOException {
        jar.close();
    }

    /**
     * One pass over the names at open, so that most JVMs make no versioned lookup at all; it also
     * rejects a jar without the internals, which would otherwise fail later on the first class.
     */
    private static int[] applicableVersions(JarFile file, Path path) throws IOException {
        int feature = Runtime.version().feature();
        TreeSet<Integer> found = new TreeSet<>(Collections.reverseOrder());
        boolean hasInst = false;
        for (Enumeration<JarEntry> all = file.entries(); all.hasMoreElements(); ) {
            String name = all.nextElement().getName();
            hasInst |= name.startsWith(INST);
            int version = versionOf(name);
            if (version >= 9 && version <= feature) {
                found.add(version);
            }
        }
        if (!hasInst) {
            throw new IOException(path + " is not a hotscope agent jar: it has no " + INST + " entries");
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    /** N of {@code hotscope-inst/META-INF/versions/N/...}, or -1. */
    private static int versionOf(String name) {
        if (!name.startsWith(VERSIONS)) {
            return -1;
        }
        int slash = name.indexOf('/', VERSIONS.length());
        try {
            return slash < 0 ? -1 : Integer.parseInt(name.substring(VERSIONS.length(), slash));
        } catch (NumberFormatException notAVersion) {
            return -1; // the jar specification ignores such folders
        }
    }

    /** Serves the URLs of {@link #urlOf}, and URLs relative to them, from the open jar. */
    private final class EntryHandler extends URLStreamHandler {
        @Override
        protected URLConnection openConnection(URL url) throws IOException {
            String file = url.getFile();
            int separator = file.indexOf("!/" + INST);
            JarEntry entry = separator < 0 ? null : resourceEntry(file.substring(separator + 2 + INST.length()));
            if (entry == null) {
                throw new FileNotFoundException("no such entry in " + path + ": " + url);
            }
            return new EntryConnection(url, entry);
        }
    }

    private final class EntryConnection extends URLConnection {
        private final JarEntry entry;

        EntryConnection(URL url, JarEntry entry) {
            super(url);
            this.entry = entry;
        }

        @Override
        public void connect() {
            connected = true;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return jar.getInputStream(entry);
        }

        @Override
        public long getContentLengthLong() {
            return entry.getSize();
        }

        @Override
        public long getLastModified() {
            return entry.getTime();
        }
    }
}
