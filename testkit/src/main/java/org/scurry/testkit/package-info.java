/**
 * What tests and benchmarks build swarms with. {@link org.scurry.testkit.TestSwarm} starts nodes
 * on a {@link org.scurry.testkit.MemoryNetwork} (objects handed over, a firewall that splits and
 * heals) with in-memory stores; {@link org.scurry.testkit.TcpSwarm} starts them on real sockets and
 * H2 stores; {@link org.scurry.testkit.NodeProcess} runs one in a process of its own ({@link
 * org.scurry.testkit.NodeMain}) for crash and signal tests. {@link org.scurry.testkit.TestFeed}
 * signs feeds under a test's control and {@link org.scurry.testkit.TestTexts} makes prose-like
 * posts; {@link org.scurry.testkit.ForgingStore} serves tampered chunks; {@link
 * org.scurry.testkit.Tmpfs} mounts a small file system to fill; {@link
 * org.scurry.testkit.WireFuzzer} fuzzes what a peer's bytes reach; {@link
 * org.scurry.testkit.UploadThrottle} caps a link's upload. Never used by production code (the
 * gateway's ArchitectureTest checks it).
 */
package org.scurry.testkit;
