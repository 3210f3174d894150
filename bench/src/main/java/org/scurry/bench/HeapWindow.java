package org.scurry.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * This JVM's heap over a window of time: the sum of the heap pools' peak use since {@link #reset}
 * (what the heap had to hold, garbage included: with G1 it follows the allocation rate, which sizes
 * the young generation), and what is live now (in use after a full collection).
 */
final class HeapWindow {
    void reset() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** The heap pools' peak use since the window began, summed (bytes). */
    long peakUsed() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = p.getType() == MemoryType.HEAP ? p.getPeakUsage() : null;
            if (u != null) {
                sum += u.getUsed();
            }
        }
        return sum;
    }

    /** Bytes in use after a full collection (System.gc(): a full GC with G1), now. */
    long liveNow() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
