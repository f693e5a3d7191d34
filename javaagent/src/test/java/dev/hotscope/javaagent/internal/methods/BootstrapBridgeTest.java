package dev.hotscope.javaagent.internal.methods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The bridge classes end up in the bootstrap loader, once, and a second copy is caught. */
class BootstrapBridgeTest {
    @Test
    void afterInjectionTheApplicationLoaderResolvesTheBootstrapCopies() throws ClassNotFoundException {
        Class<?> bridge = BootstrapBridge.ensureInBootstrap(Instrumentations.get(), MethodProbes.class.getClassLoader());
        assertThat(bridge.getClassLoader()).isNull();
        assertThat(bridge.getName()).isEqualTo(BootstrapBridge.BRIDGE);
        for (String name : BootstrapBridge.CLASSES) {
            Class<?> seen = Class.forName(name, false, ClassLoader.getSystemClassLoader());
            assertThat(seen.getClassLoader()).as(name).isNull();
        }
        assertThat(BootstrapBridge.ensureInBootstrap(Instrumentations.get(), MethodProbes.class.getClassLoader()))
            .as("a second call injects nothing new").isSameAs(bridge);
    }

    @Test
    void aLoaderHoldingItsOwnCopyIsRefused() {
        BootstrapBridge.ensureInBootstrap(Instrumentations.get(), MethodProbes.class.getClassLoader());
        ClassLoader ownCopies = new OwnCopiesLoader();
        assertThatThrownBy(() -> BootstrapBridge.requireSingleCopy(ownCopies))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("dev.hotscope.agent.bootstrap.MethodProbeHandler has two copies")
            .hasMessageContaining("loaded before the bridge was injected");
    }

    /** Defines the bridge package itself before asking anyone: what a loader that raced the injection holds. */
    private static final class OwnCopiesLoader extends ClassLoader {
        OwnCopiesLoader() {
            super("own-copies", ClassLoader.getSystemClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(BootstrapBridge.PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = ClassLoader.getSystemResourceAsStream(name.replace('.', '/') + ".class")) {
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }
}
