package org.scurry.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.spi.Store;

/**
 * A store that lies when read in ranges: every run of more than 10 entries of {@code feed} it
 * returns has its 6th entry replaced by a tampered copy (one content byte changed, signature kept),
 * so a peer running on it serves forged chunks. Everything else passes through. For tests of
 * peers that must be excluded.
 */
public final class ForgingStore {
    private ForgingStore() {}

    public static Store over(Store real, FeedId feed) {
        return (Store) Proxy.newProxyInstance(
                Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("range") && feed.equals(args[0])) {
                        @SuppressWarnings("unchecked")
                        List<Entry> run = new ArrayList<>((List<Entry>) result);
                        if (run.size() > 10) {
                            run.set(5, tampered(run.get(5)));
                        }
                        return run;
                    }
                    return result;
                });
    }

    /** The entry with one byte of its content changed: it decodes, its signature does not verify. */
    public static Entry tampered(Entry e) {
        byte[] bytes = e.encoded();
        bytes[bytes.length - 64 - 3] ^= 0x01;
        return Entry.decode(bytes);
    }
}
