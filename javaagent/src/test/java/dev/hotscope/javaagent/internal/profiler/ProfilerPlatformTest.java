package dev.hotscope.javaagent.internal.profiler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProfilerPlatformTest {
    @Test
    void linuxOnX64AndArm64Only() {
        assertThat(ProfilerPlatform.libraryFolder("Linux", "amd64")).contains("linux-x64");
        assertThat(ProfilerPlatform.libraryFolder("Linux", "x86_64")).contains("linux-x64");
        assertThat(ProfilerPlatform.libraryFolder("Linux", "aarch64")).contains("linux-arm64");
        assertThat(ProfilerPlatform.libraryFolder("Linux", "ppc64le")).isEmpty();
        assertThat(ProfilerPlatform.libraryFolder("Linux", "arm")).isEmpty();
        assertThat(ProfilerPlatform.libraryFolder("Mac OS X", "aarch64")).isEmpty();
        assertThat(ProfilerPlatform.libraryFolder("Windows 11", "amd64")).isEmpty();
        assertThat(ProfilerPlatform.libraryFolder(null, "amd64")).isEmpty();
    }

    @Test
    void thisProcessIsReadable() {
        assertThat(ProfilerPlatform.perfEventFds()).isGreaterThanOrEqualTo(0);
    }
}
