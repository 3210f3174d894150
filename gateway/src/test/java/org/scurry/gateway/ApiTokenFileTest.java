package org.scurry.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenFileTest {
    @TempDir
    Path dir;

    @Test
    void firstStartCreatesAnOwnerOnlyRandomToken() throws Exception {
        Path file = dir.resolve("api-token");

        String token = ApiTokenFile.loadOrCreate(file);

        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(ApiTokenFile.loadOrCreate(dir.resolve("other"))).isNotEqualTo(token);
    }

    @Test
    void laterStartsKeepTheToken() {
        Path file = dir.resolve("api-token");
        String token = ApiTokenFile.loadOrCreate(file);

        assertThat(ApiTokenFile.loadOrCreate(file)).isEqualTo(token);
        assertThat(ApiTokenFile.read(file)).isEqualTo(token);
    }

    @Test
    void anEmptyFileLeftByACrashGetsAToken() throws Exception {
        Path file = dir.resolve("api-token");
        Files.createFile(file);

        assertThat(ApiTokenFile.loadOrCreate(file)).hasSize(43);
    }

    @Test
    void readingAMissingTokenSaysWhatToDo() {
        assertThatThrownBy(() -> ApiTokenFile.read(dir.resolve("api-token")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--data DIR")
                .hasMessageContaining("--token");
    }

    @Test
    void dataDirectoryIsCreatedOwnerOnly() throws Exception {
        Path data = dir.resolve("a/b");

        DataDir.create(data);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                .isEqualTo("rwx------");
    }
}
