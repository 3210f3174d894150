package org.scurry.swarm.archfixture;

import java.util.List;
import org.scurry.swarm.internal.author.GroupCommit;
import org.scurry.swarm.internal.store.H2Store;

/**
 * A deliberately bad public swarm type for ArchitectureTest: its signatures show internal types
 * (a return type, and a type argument), while what it does inside would be allowed.
 */
public final class LeakyPublicType {
    public H2Store store() {
        return null;
    }

    public List<GroupCommit> commits() {
        return List.of();
    }

    public int fine() {
        return H2Store.class.getName().length(); // internal use inside a method body is allowed
    }
}
