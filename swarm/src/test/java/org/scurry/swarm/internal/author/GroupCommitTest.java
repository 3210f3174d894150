package org.scurry.swarm.internal.author;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.Entry;
import org.scurry.swarm.StoreUnavailableException;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.internal.store.MemoryStore;
import org.scurry.swarm.spi.Store;

/**
 * Group commit of local entries on a real {@link MemoryStore} behind a proxy that counts {@code
 * appendAll} calls, can slow them down like a disk write and can fail one on request.
 */
class GroupCommitTest {
    private final MemoryStore memory = new MemoryStore();
    private final AtomicInteger appendCalls = new AtomicInteger();
    private volatile long appendMillis;
    private volatile CountDownLatch holdAppend;
    private final AtomicReference<RuntimeException> failNextAppend = new AtomicReference<>();
    private final List<Entry> announced = new CopyOnWriteArrayList<>();
    private final Store store = countingStore();
    private final GroupCommit commits = new GroupCommit(store, announced::add, "test");

    @AfterEach
    void close() {
        commits.close();
        memory.close();
    }

    @Test
    void concurrentPostsShareTransactionsAndEachIsDurableWhenItsCallerReturns() throws Exception {
        appendMillis = 5; // a disk write
        LocalAuthor alice = author();
        LocalAuthor bob = author();
        int threads = 8;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        List<String> notDurableOnReturn = new CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            LocalAuthor author = t % 2 == 0 ? alice : bob;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    Entry e = commits.await(author.sign("post", post("hello " + i), commits));
                    if (memory.get(e.id()).isEmpty()) {
                        notDurableOnReturn.add(e.toString());
                    }
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(notDurableOnReturn).isEmpty();
        int total = threads * perThread;
        assertThat(memory.latestSeq(alice.feed()) + memory.latestSeq(bob.feed()))
                .isEqualTo(total);
        assertThat(memory.fork(alice.feed())).isEmpty();
        assertThat(memory.fork(bob.feed())).isEmpty();
        assertThat(announced).hasSize(total);
        // Eight callers and a 5 ms write: most transactions carried several entries.
        assertThat(appendCalls.get()).isLessThan(total / 2);
    }

    @Test
    void entriesQueuedWithoutWaitingKeepTheirAuthorsOrderAndAllBecomeDurable() {
        appendMillis = 2;
        LocalAuthor alice = author();
        List<CompletableFuture<Entry>> futures = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            futures.add(commits.later(alice.sign("post", post("n" + i), commits)));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();

        assertThat(memory.latestSeq(alice.feed())).isEqualTo(300);
        for (int i = 1; i <= 300; i++) {
            Entry e = memory.get(alice.feed(), i).orElseThrow();
            assertThat(new String(e.content(), StandardCharsets.UTF_8)).contains("\"n" + i + "\"");
            assertThat(futures.get(i - 1).join()).isEqualTo(e);
        }
        assertThat(appendCalls.get()).isLessThan(300);
    }

    @Test
    void aFailedWriteFailsTheEntriesChainedOnItAndTheFeedGoesOnWithoutAFork() throws Exception {
        LocalAuthor alice = author();
        Entry first = commits.await(alice.sign("post", post("kept"), commits));
        holdAppend = new CountDownLatch(1);
        CompletableFuture<Entry> lost = commits.later(alice.sign("post", post("lost"), commits));
        await().atMost(Duration.ofSeconds(10)).until(() -> holdAppend.getCount() == 1 && appendCalls.get() == 2);
        // While "lost" is being written, two more are queued on top of it.
        CompletableFuture<Entry> chained1 = commits.later(alice.sign("post", post("chained 1"), commits));
        CompletableFuture<Entry> chained2 = commits.later(alice.sign("post", post("chained 2"), commits));
        failNextAppend.set(new IllegalStateException("disk full"));
        holdAppend.countDown();

        assertThatThrownBy(lost::join).hasRootCauseMessage("disk full");
        assertThatThrownBy(chained1::join).hasMessageContaining("an earlier entry of the feed failed");
        assertThatThrownBy(chained2::join).hasMessageContaining("an earlier entry of the feed failed");
        holdAppend = null;
        Entry next = commits.await(alice.sign("post", post("after"), commits));

        assertThat(next.seq()).isEqualTo(2);
        assertThat(next.prev()).contains(first.id());
        assertThat(memory.latestSeq(alice.feed())).isEqualTo(2);
        assertThat(memory.fork(alice.feed())).isEmpty();
    }

    @Test
    void entriesChainedOnAWriteTheStoreRefusedAreRefusedForTheSameReason() {
        LocalAuthor alice = author();
        holdAppend = new CountDownLatch(1);
        CompletableFuture<Entry> refused = commits.later(alice.sign("post", post("refused"), commits));
        await().atMost(Duration.ofSeconds(10)).until(() -> holdAppend.getCount() == 1 && appendCalls.get() == 1);
        CompletableFuture<Entry> chained = commits.later(alice.sign("post", post("chained"), commits));
        failNextAppend.set(new StoreUnavailableException("the disk is full: 0 bytes free"));
        holdAppend.countDown();

        // A caller (the API) tells "try again later" (503) from a bug (500) by the type.
        assertThatThrownBy(refused::join).hasCauseInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(chained::join)
                .hasCauseInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("the disk is full: 0 bytes free");
        holdAppend = null;
        assertThat(commits.await(alice.sign("post", post("after"), commits)).seq())
                .isEqualTo(1);
    }

    @Test
    void aSynchronousWriteThatFailsThrowsTheStoresErrorToItsCaller() {
        LocalAuthor alice = author();
        failNextAppend.set(new IllegalStateException("store closed"));

        assertThatThrownBy(() -> commits.await(alice.sign("post", post("x"), commits)))
                .hasMessage("store closed");
        assertThat(commits.await(alice.sign("post", post("y"), commits)).seq()).isEqualTo(1);
    }

    @Test
    void aSingleThreadedCallerWritesInlineAndStartsNoThread() {
        LocalAuthor alice = author();
        for (int i = 0; i < 20; i++) {
            commits.await(alice.sign("post", post("p" + i), commits));
        }

        assertThat(appendCalls.get()).isEqualTo(20);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("scurry-group-commit-test"));
    }

    @Test
    void afterCloseNewEntriesAreRefused() {
        LocalAuthor alice = author();
        commits.close();

        assertThatThrownBy(() -> alice.sign("post", post("late"), commits))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(memory.latestSeq(alice.feed())).isZero();
    }

    private LocalAuthor author() {
        return new LocalAuthor(Ed25519Signer.generate(), store, Clock.systemUTC());
    }

    private static byte[] post(String text) {
        return ("{\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private Store countingStore() {
        return (Store)
                Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (p, m, args) -> {
                    if (m.getName().equals("appendAll")) {
                        appendCalls.incrementAndGet();
                        CountDownLatch hold = holdAppend;
                        if (hold != null) {
                            hold.await(30, TimeUnit.SECONDS);
                        }
                        if (appendMillis > 0) {
                            Thread.sleep(appendMillis);
                        }
                        RuntimeException fail = failNextAppend.getAndSet(null);
                        if (fail != null) {
                            throw fail;
                        }
                    }
                    try {
                        return m.invoke(memory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
