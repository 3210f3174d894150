package org.scurry.swarm.store;

import java.nio.file.Path;
import org.scurry.swarm.crypto.Ed25519Signer;

/** The node's own key pair on disk, owner-only permissions. (Being written.) */
public final class IdentityFile {
    private IdentityFile() {}

    public static Ed25519Signer loadOrCreate(Path file) {
        throw new UnsupportedOperationException("IdentityFile is being written");
    }
}
