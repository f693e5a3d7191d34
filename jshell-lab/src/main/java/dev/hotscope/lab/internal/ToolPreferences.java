package dev.hotscope.lab.internal;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import jdk.jshell.tool.JavaShellToolBuilder;

/**
 * JShell's preferences for the lab: the user's own (history, settings), plus a feedback mode "hotscope"
 * that shows results whole. JShell cuts a declared variable's value at 80 characters, which leaves a
 * histogram or table as half a line, and a startup script cannot change that: it runs before the feedback
 * modes exist. So the mode is made by a silent JShell of this same JDK (its encoding is JShell's own) and
 * handed over as retained settings, without touching what the user retained.
 */
public final class ToolPreferences {
    private static final String[] MODE_KEYS = {"MODE2", "MODE", "FEEDBACK"};
    private static final String MAKE_MODE = String.join("\n",
        "/set mode hotscope normal -quiet",
        "/set truncation hotscope 100000",
        "/set prompt hotscope \"\\nlab> \" \"   ...> \"",
        "/set mode hotscope -retain",
        "/set feedback -retain hotscope",
        "/exit", "");

    private ToolPreferences() {}

    /** Returns the preferences to give {@link JavaShellToolBuilder#persistence(Map)}; the user's alone if making the mode fails. */
    public static Map<String, String> withLabMode() {
        Preferences user = Preferences.userRoot().node("tool/JShell");
        Map<String, String> mode = new HashMap<>();
        try {
            JavaShellToolBuilder.builder().persistence(mode)
                .in(new ByteArrayInputStream(MAKE_MODE.getBytes(StandardCharsets.UTF_8)), null)
                .out(silent()).start();
        } catch (Exception e) {
            mode.clear(); // JShell shows values cut, as it does by default
        }
        Map<String, String> overrides = new HashMap<>();
        for (String key : MODE_KEYS) {
            if (mode.containsKey(key)) {
                overrides.put(key, mode.get(key));
            }
        }
        return new Layered(user, overrides);
    }

    private static PrintStream silent() {
        return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** The user's preferences, with the lab's feedback mode read over theirs and never written back. */
    private static final class Layered extends AbstractMap<String, String> {
        private final Preferences user;
        private final Map<String, String> overrides;

        Layered(Preferences user, Map<String, String> overrides) {
            this.user = user;
            this.overrides = overrides;
        }

        @Override
        public String get(Object key) {
            String k = String.valueOf(key);
            return overrides.containsKey(k) ? overrides.get(k) : user.get(k, null);
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public String put(String key, String value) {
            String old = get(key);
            if (overrides.containsKey(key)) {
                overrides.put(key, value);
            } else {
                user.put(key, value);
            }
            return old;
        }

        @Override
        public String remove(Object key) {
            String old = get(key);
            overrides.remove(String.valueOf(key));
            user.remove(String.valueOf(key));
            return old;
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            Map<String, String> all = new HashMap<>();
            try {
                for (String k : user.keys()) {
                    all.put(k, user.get(k, null));
                }
            } catch (BackingStoreException e) {
                // the user's settings are unreadable: the lab's still apply
            }
            all.putAll(overrides);
            return all.entrySet();
        }
    }
}
