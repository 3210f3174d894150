package org.scurry.bench.sim;

import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;

/** The online nodes of a simulated swarm, with O(1) add, remove and uniform pick. */
final class OnlineSet {
    private final int[] members;
    private final int[] position;
    private int size;

    OnlineSet(int n) {
        members = new int[n];
        position = new int[n];
        Arrays.fill(position, -1);
    }

    void add(int i) {
        if (position[i] < 0) {
            position[i] = size;
            members[size++] = i;
        }
    }

    void remove(int i) {
        int at = position[i];
        if (at >= 0) {
            int last = members[--size];
            members[at] = last;
            position[last] = at;
            position[i] = -1;
        }
    }

    int size() {
        return size;
    }

    /** A uniformly drawn online node, or -1 when none is. */
    int random(SplittableRandom r) {
        return size == 0 ? -1 : members[r.nextInt(size)];
    }

    BitSet bits() {
        BitSet b = new BitSet(members.length);
        for (int k = 0; k < size; k++) {
            b.set(members[k]);
        }
        return b;
    }
}
