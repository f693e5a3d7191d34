package dev.hotscope.tests.usdt;

import dev.hotscope.usdt.ArgType;
import dev.hotscope.usdt.Probe;
import dev.hotscope.usdt.Provider;
import dev.hotscope.usdt.Usdt;
import java.nio.file.Files;

/**
 * Run by {@link UnprivilegedUserTest} as an unprivileged user: declares, loads, fires and closes a
 * provider, then prints {@code OK <backing file> <uid>} if every step worked and the file is gone.
 */
public final class UnprivilegedProbes {
    private UnprivilegedProbes() {}

    public static void main(String[] args) throws Exception {
        Provider provider = Usdt.provider("unprivileged");
        Probe probe = provider.probe("tick", ArgType.INT64, ArgType.STRING);
        provider.load();
        for (int i = 0; i < 1000; i++) {
            probe.fire(i, "no privileges needed");
        }
        var file = provider.path();
        boolean existedWhileLoaded = Files.exists(file);
        provider.close();
        String uid = Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
            .filter(l -> l.startsWith("Uid:")).findFirst().orElse("Uid: ?").split("\\s+")[1];
        System.out.println((existedWhileLoaded && !Files.exists(file) ? "OK " : "FAILED ") + file + " " + uid);
    }
}
