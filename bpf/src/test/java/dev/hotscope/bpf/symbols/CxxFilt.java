package dev.hotscope.bpf.symbols;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** binutils' c++filt as a test oracle: demangles many names in one run. */
final class CxxFilt {
    private CxxFilt() {}

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/c++filt"));
    }

    /** c++filt's output for each name, in order. */
    static List<String> demangle(List<String> names) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/c++filt").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread writer = new Thread(() -> {
            try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(),
                StandardCharsets.UTF_8))) {
                for (String n : names) {
                    w.write(n);
                    w.write('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.start();
        List<String> out = new ArrayList<>(names.size());
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line);
            }
        }
        writer.join();
        p.waitFor(30, TimeUnit.SECONDS);
        if (out.size() != names.size()) {
            throw new IOException("c++filt gave " + out.size() + " lines for " + names.size() + " names");
        }
        return out;
    }
}
