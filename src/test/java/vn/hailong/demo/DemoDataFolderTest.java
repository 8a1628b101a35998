package vn.hailong.demo;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's kiosk-token file goes where the data folder setting says, "~" meaning the home folder as for H2. */
class DemoDataFolderTest {

    @Test
    void aLeadingTildeIsTheHomeFolder() {
        assertThat(DemoData.folder("~/.hailong", "/home/ops")).isEqualTo(Path.of("/home/ops", ".hailong"));
        assertThat(DemoData.folder("~", "/home/ops")).isEqualTo(Path.of("/home/ops"));
    }

    @Test
    void anyOtherFolderIsTakenAsWritten() {
        assertThat(DemoData.folder("/var/lib/hailong", "/home/ops")).isEqualTo(Path.of("/var/lib/hailong"));
        assertThat(DemoData.folder("data/~x", "/home/ops")).isEqualTo(Path.of("data/~x"));
    }
}
