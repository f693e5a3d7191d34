package dev.hotscope.bpf.jvm;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The forked JVM of the GC tests. Prints {@code READY <pid>}, then runs one command per stdin line:
 * {@code churn MILLIS FULLGCS} allocates for MILLIS ms (keeping a window of arrays alive so young
 * collections copy survivors) and calls {@code System.gc()} FULLGCS times along the way, then prints
 * {@code DONE}; {@code exit} (or EOF) ends it.
 */
public final class GcWorkload {
    private static final int WINDOW = 2048;
    private static volatile Object sink;

    private GcWorkload() {}

    public static void main(String[] args) throws Exception {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("READY " + ProcessHandle.current().pid());
        for (String line = stdin.readLine(); line != null && !line.equals("exit"); line = stdin.readLine()) {
            String[] words = line.split(" ");
            if (words[0].equals("churn")) {
                churn(Long.parseLong(words[1]), Integer.parseInt(words[2]));
                System.out.println("DONE");
            } else {
                System.out.println("ERROR unknown command " + line);
            }
        }
    }

    private static void churn(long millis, int fullGcs) {
        Object[] window = new Object[WINDOW];
        long start = System.nanoTime();
        long length = millis * 1_000_000L;
        int gcsDone = 0;
        for (long i = 0; ; i++) {
            window[(int) (i % WINDOW)] = new byte[1024 + (int) (i % 7) * 512];
            if ((i & 1023) == 0) {
                long elapsed = System.nanoTime() - start;
                if (elapsed >= length) {
                    break;
                }
                if (gcsDone < fullGcs && elapsed >= length * (gcsDone + 1) / (fullGcs + 1)) {
                    System.gc();
                    gcsDone++;
                }
            }
        }
        while (gcsDone++ < fullGcs) {
            System.gc();
        }
        sink = window;
    }
}
