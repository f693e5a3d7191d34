package dev.hotscope.bpf.probe;

import dev.hotscope.bpf.TargetGoneException;
import dev.hotscope.bpf.proc.ProcessMaps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds the ELF file a library name means: a path as given; a short name ({@code libc},
 * {@code libc.so.6}, {@code c}; {@code hotspot}, {@code libjvm} and {@code jvm} for libjvm.so)
 * among the files a process maps, or, without a process, in the ld cache and the usual directories.
 */
final class Libraries {
    private static final List<String> JVM_ALIASES = List.of("hotspot", "libjvm", "jvm", "libjvm.so");
    private static final List<Path> DIRECTORIES = Stream.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
        "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib").map(Path::of).toList();

    private Libraries() {}

    /**
     * @param library a path or short name
     * @param pid the process whose mappings are searched, or -1
     * @throws UnknownProbeException if nothing matches (with the nearest mapped or known libraries)
     * @throws TargetGoneException if the process does not exist
     */
    static Path resolve(String library, long pid) {
        if (library.indexOf('/') >= 0) {
            return existing(Path.of(library), pid);
        }
        return pid > 0 ? mapped(library, pid) : installed(library);
    }

    private static Path existing(Path path, long pid) {
        if (Files.isRegularFile(path)) {
            return path;
        }
        Path inside = pid > 0 ? Path.of("/proc/" + pid + "/root").resolve(path.toString().substring(1)) : null;
        if (inside != null && path.isAbsolute() && Files.isRegularFile(inside)) {
            return inside; // the process lives in another mount namespace
        }
        throw new UnknownProbeException("no file " + path, List.of(), "give the path of an ELF executable or library");
    }

    private static Path mapped(String library, long pid) {
        List<String> paths = mappedFiles(pid);
        for (String path : paths) {
            if (matches(library, fileName(path))) {
                return existing(Path.of(path), pid);
            }
        }
        Set<String> names = new LinkedHashSet<>();
        paths.forEach(p -> names.add(fileName(p)));
        throw new UnknownProbeException("library " + library + " is not mapped in process " + pid,
            ProbeCatalog.nearest(library, names, 5), "the process maps " + names.size() + " files: see /proc/" + pid + "/maps");
    }

    static List<String> mappedFiles(long pid) {
        try {
            Set<String> paths = new LinkedHashSet<>();
            for (ProcessMaps.Mapping m : ProcessMaps.read(pid).mappings()) {
                if (m.isFile() && !m.deleted) {
                    paths.add(m.path);
                }
            }
            return new ArrayList<>(paths);
        } catch (IOException e) {
            if (!Files.isDirectory(Path.of("/proc/" + pid))) {
                throw new TargetGoneException(pid, 3);
            }
            throw new UncheckedIOException("cannot read /proc/" + pid + "/maps: " + e.getMessage(), e);
        }
    }

    private static Path installed(String library) {
        if (isJvm(library)) {
            Path own = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
            if (Files.isRegularFile(own)) {
                return own;
            }
        }
        List<String> known = new ArrayList<>();
        for (String path : ldCache()) {
            if (matches(library, fileName(path)) && Files.isRegularFile(Path.of(path))) {
                return Path.of(path);
            }
            known.add(fileName(path));
        }
        for (Path dir : DIRECTORIES) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                    if (matches(library, file.getFileName().toString()) && Files.isRegularFile(file)) {
                        return file;
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // A directory that does not exist here.
            }
        }
        throw new UnknownProbeException("no library " + library + " in the ld cache or " + DIRECTORIES.get(0) + ", ...",
            ProbeCatalog.nearest(library, new LinkedHashSet<>(known), 5), "give a path, or a pid to search its mappings");
    }

    /** The paths {@code ldconfig -p} lists; empty if it cannot run. */
    private static List<String> ldCache() {
        for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
            if (!Files.isExecutable(Path.of(ldconfig))) {
                continue;
            }
            try {
                Process p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return List.of();
                }
                List<String> paths = new ArrayList<>();
                for (String line : out.split("\n")) {
                    int arrow = line.indexOf("=> ");
                    if (arrow > 0 && line.contains("x86-64")) {
                        paths.add(line.substring(arrow + 3).trim());
                    }
                }
                return paths;
            } catch (IOException e) {
                return List.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    static boolean isJvm(String library) {
        return JVM_ALIASES.contains(library.toLowerCase(Locale.ROOT));
    }

    /** Whether a file name is what the short name means: libc → libc.so.6, libc-2.31.so; c → libc.so.6. */
    static boolean matches(String library, String fileName) {
        if (isJvm(library)) {
            return fileName.equals("libjvm.so");
        }
        if (fileName.equals(library)) {
            return true;
        }
        for (String stem : List.of(library, "lib" + library)) {
            if (fileName.startsWith(stem + ".so") || fileName.matches(java.util.regex.Pattern.quote(stem) + "-[0-9.]+\\.so.*")) {
                return true;
            }
        }
        return false;
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
