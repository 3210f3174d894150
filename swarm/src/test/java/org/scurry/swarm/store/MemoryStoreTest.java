package org.scurry.swarm.store;

import org.scurry.swarm.Store;

class MemoryStoreTest extends StoreContractTest {
    @Override
    protected Store newStore() {
        return new MemoryStore();
    }
}
