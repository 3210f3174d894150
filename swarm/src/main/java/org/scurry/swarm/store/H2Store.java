package org.scurry.swarm.store;

import java.nio.file.Path;
import org.scurry.swarm.Store;

/** The default store: H2 in embedded file mode. (Being written.) */
public abstract class H2Store implements Store {
    public static Store open(Path directory) {
        throw new UnsupportedOperationException("H2Store is being written");
    }
}
