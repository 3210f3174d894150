package org.scurry.swarm.internal.store;

import org.scurry.swarm.spi.Store;

class MemoryStoreTest extends StoreContractTest {
    @Override
    protected Store newStore() {
        return new MemoryStore();
    }
}
