package org.scurry.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * This JVM's heap over a window of time: the sum of the heap pools' peak use (what the heap had to
 * hold, garbage included) and the most in use just after a collection (what was live). Collections
 * are watched through the collectors' notifications; {@link #reset} starts a new window.
 */
final class HeapWindow {
    private final AtomicLong peakLive = new AtomicLong();

    HeapWindow() {
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(
                        (n, handback) -> {
                            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                                GarbageCollectionNotificationInfo info =
                                        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                                long live = 0;
                                for (var e :
                                        info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                                    if (isHeap(e.getKey())) {
                                        live += e.getValue().getUsed();
                                    }
                                }
                                long l = live;
                                peakLive.accumulateAndGet(l, Math::max);
                            }
                        },
                        null,
                        null);
            }
        }
    }

    void reset() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
        peakLive.set(0);
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

    /** The most heap in use right after a collection since the window began (0 if none ran). */
    long peakLive() {
        return peakLive.get();
    }

    private static boolean isHeap(String pool) {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getName().equals(pool)) {
                return p.getType() == MemoryType.HEAP;
            }
        }
        return false;
    }
}
