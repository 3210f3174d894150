package org.scurry.swarm.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.crypto.Base64Url;
import org.scurry.swarm.crypto.Ed25519Signer;

class IdentityFileTest {
    @TempDir
    Path dir;

    @Test
    void aNewIdentityIsCreatedOwnerOnlyAndLoadedBackUnchanged() throws Exception {
        Path file = dir.resolve("keys/identity");

        Ed25519Signer created = IdentityFile.loadOrCreate(file);
        Ed25519Signer loaded = IdentityFile.loadOrCreate(file);

        assertThat(loaded).isEqualTo(created);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file)).startsWith("scurry-identity-v1 ");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void aFileReadableByOthersIsRefusedWithTheFix() throws Exception {
        Path file = dir.resolve("identity");
        IdentityFile.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> IdentityFile.loadOrCreate(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chmod 600 " + file);
    }

    @Test
    void aMalformedFileIsRefusedWithoutQuotingItsContent() throws Exception {
        Path file = dir.resolve("identity");
        Files.writeString(file, "scurry-identity-v1 s3cr3t!!");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> IdentityFile.loadOrCreate(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void anExistingSeedIsLoaded() throws Exception {
        Ed25519Signer signer = Ed25519Signer.generate();
        Path file = dir.resolve("identity");
        Files.writeString(file, "scurry-identity-v1 " + Base64Url.encode(signer.seed()) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThat(IdentityFile.loadOrCreate(file)).isEqualTo(signer);
    }
}
