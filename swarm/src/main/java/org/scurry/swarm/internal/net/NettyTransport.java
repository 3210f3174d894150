package org.scurry.swarm.internal.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.scurry.swarm.LinkLimits;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.spi.PeerLink;
import org.scurry.swarm.spi.Transport;
import org.scurry.swarm.spi.TransportStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer protocol over TCP (docs/protocol.md). Each connection runs this pipeline:
 *
 * <pre>
 *  inbound                                                       outbound
 *  FrameDecoder (u32 length, ≤ maxFrameBytes)                    LengthFieldPrepender (u32)
 *  HandshakeHandler (Noise XXpsk0; replaced by CipherCodec)      CipherCodec (ChaCha20-Poly1305)
 *  MessageFrameCodec.Decoder (MessageCodec)                      MessageFrameCodec.Encoder (splits lists)
 *  NettyPeerLink (PeerLink.Handler calls; catch-all for errors)  NettyPeerLink.send
 * </pre>
 *
 * One boss thread accepts; two worker threads carry every link. A link's handler calls come from
 * its channel's event loop. Writes are queued without blocking; a link becomes unwritable above
 * 1 MiB of queued bytes and writable again below 256 KiB. What peers can make the node spend is
 * bounded by {@link LinkLimits}: bytes queued per link and in all ({@link OutputBudget}), links
 * whose peer reads nothing (closed after the stall timeout), inbound handshakes and connections
 * per address and in all ({@link ConnectionLimits}).
 */
public final class NettyTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);

    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    public static final int WRITE_BUFFER_LOW = 256 * 1024;
    public static final int WRITE_BUFFER_HIGH = 1024 * 1024;
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final Ed25519Signer identity;
    private final NodeConfig config;
    private final PeerLink.Handler handler;
    private final Tunnels tunnels;
    private final Duration handshakeTimeout;
    /** Makes a handler put before the frames of every link; null for a real node. */
    private final java.util.function.Supplier<? extends io.netty.channel.ChannelHandler> outboundShaper;

    private final EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("scurry-net-boss", true));
    private final EventLoopGroup workers =
            new NioEventLoopGroup(2, new DefaultThreadFactory("scurry-net-worker", true));
    private final ChannelGroup channels = new DefaultChannelGroup("scurry-links", GlobalEventExecutor.INSTANCE);
    /** The listening channel, once bound. */
    private volatile io.netty.channel.Channel server;

    private final AtomicBoolean closed = new AtomicBoolean();
    private final OutputBudget budget;
    private final ConnectionLimits connectionLimits;
    private final java.util.concurrent.atomic.AtomicLong stalled = new java.util.concurrent.atomic.AtomicLong();

    public NettyTransport(Ed25519Signer identity, NodeConfig config, PeerLink.Handler handler) {
        this(identity, config, handler, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /** As above with another handshake timeout (tests use a short one). */
    public NettyTransport(
            Ed25519Signer identity, NodeConfig config, PeerLink.Handler handler, Duration handshakeTimeout) {
        this(identity, config, handler, handshakeTimeout, null);
    }

    private NettyTransport(
            Ed25519Signer identity,
            NodeConfig config,
            PeerLink.Handler handler,
            Duration handshakeTimeout,
            java.util.function.Supplier<? extends io.netty.channel.ChannelHandler> outboundShaper) {
        if (config.maxFrameBytes() <= 64) {
            throw new IllegalArgumentException("maxFrameBytes must be > 64: " + config.maxFrameBytes());
        }
        this.identity = identity;
        this.config = config;
        this.tunnels = new Tunnels(handler, config);
        this.handler = tunnels;
        tunnels.endFactory(this::startTunnelEnd);
        this.handshakeTimeout = handshakeTimeout;
        this.outboundShaper = outboundShaper;
        LinkLimits limits = config.limits();
        this.budget = new OutputBudget(limits);
        this.connectionLimits = new ConnectionLimits(limits);
    }

    /**
     * TCP transports that put a handler made by {@code shaper} in every link's pipeline, in front of
     * the socket (it sees the encrypted frames as they are written): for tests and benchmarks that
     * model capped home uplinks (the testkit's {@code UploadThrottle}), never for a real node.
     */
    public static org.scurry.swarm.spi.TransportFactory withOutboundShaper(
            java.util.function.Supplier<? extends io.netty.channel.ChannelHandler> shaper) {
        if (shaper == null) {
            throw new IllegalArgumentException("an outbound shaper is needed");
        }
        return (identity, config, handler) ->
                new NettyTransport(identity, config, handler, DEFAULT_HANDSHAKE_TIMEOUT, shaper);
    }

    @Override
    public InetSocketAddress listen(String host, int port) {
        checkOpen();
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(
                        ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(WRITE_BUFFER_LOW, WRITE_BUFFER_HIGH))
                .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, WireSizeEstimator.INSTANCE)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        setUp(ch, false, null);
                    }
                });
        ChannelFuture bound = b.bind(host, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException(
                    "cannot listen on " + host + ":" + port + ": "
                            + bound.cause().getMessage(),
                    bound.cause());
        }
        channels.add(bound.channel());
        server = bound.channel();
        InetSocketAddress address = (InetSocketAddress) bound.channel().localAddress();
        LOG.info("listening for peers on {}", addressText(address));
        return address;
    }

    @Override
    public CompletableFuture<PeerLink> connect(String hostPort) {
        CompletableFuture<PeerLink> result = new CompletableFuture<>();
        if (closed.get()) {
            result.completeExceptionally(new IllegalStateException("transport is closed"));
            return result;
        }
        if (hostPort != null && hostPort.startsWith(Tunnels.PREFIX)) {
            try {
                return tunnels.open(org.scurry.swarm.FeedId.parse(hostPort.substring(Tunnels.PREFIX.length())));
            } catch (IllegalArgumentException e) {
                result.completeExceptionally(e);
                return result;
            }
        }
        InetSocketAddress address;
        try {
            address = parseHostPort(hostPort);
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(e);
            return result;
        }
        Bootstrap b = new Bootstrap()
                .group(workers)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(
                        ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(WRITE_BUFFER_LOW, WRITE_BUFFER_HIGH))
                .option(ChannelOption.MESSAGE_SIZE_ESTIMATOR, WireSizeEstimator.INSTANCE)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        setUp(ch, true, result);
                    }
                });
        try {
            b.connect(address).addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    String reason =
                            "cannot connect to " + hostPort + ": " + f.cause().getMessage();
                    LOG.info(reason);
                    result.completeExceptionally(new ConnectException(reason));
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    @Override
    public boolean listening() {
        io.netty.channel.Channel s = server;
        return s != null && s.isActive();
    }

    @Override
    public TransportStats stats() {
        return new TransportStats(
                budget.queued(),
                budget.peak(),
                stalled.get(),
                budget.overBudget(),
                connectionLimits.refused(),
                connectionLimits.handshakes(),
                connectionLimits.connections());
    }

    @Override
    public org.scurry.swarm.spi.RelayStats relayStats() {
        return tunnels.stats();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Channel ch : channels) {
            NettyPeerLink.closeWithReason(ch, "transport closed");
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        boss.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private void setUp(SocketChannel ch, boolean outbound, CompletableFuture<PeerLink> connected) {
        if (closed.get()) {
            ch.close();
            return;
        }
        ConnectionLimits.Slot slot = null;
        if (!outbound) {
            slot = connectionLimits.admit(ch.remoteAddress().getAddress());
            if (slot == null) {
                ch.close();
                return;
            }
            ConnectionLimits.Slot admitted = slot;
            ch.closeFuture().addListener(f -> admitted.closed());
        }
        channels.add(ch);
        pipeline(ch, outbound, connected, slot);
    }

    /** A tunnel's end: the same pipeline as a TCP link, on the outer link's event loop. */
    private void startTunnelEnd(
            TunnelChannel ch, NettyPeerLink outer, boolean initiator, CompletableFuture<PeerLink> connected) {
        if (closed.get()) {
            if (connected != null) {
                connected.completeExceptionally(new IllegalStateException("transport is closed"));
            }
            return;
        }
        channels.add(ch);
        pipeline(ch, initiator, connected, null);
        outer.eventLoop().register(ch).addListener(f -> {
            if (!f.isSuccess() && connected != null) {
                connected.completeExceptionally(f.cause());
            }
        });
    }

    private void pipeline(
            Channel ch, boolean outbound, CompletableFuture<PeerLink> connected, ConnectionLimits.Slot slot) {
        Handshake handshake = outbound
                ? Handshake.initiator(identity, config.networkKey())
                : Handshake.responder(identity, config.networkKey());
        ChannelPipeline p = ch.pipeline();
        p.addLast("writeProgress", new WriteProgress());
        if (outboundShaper != null) {
            p.addLast("outboundShaper", outboundShaper.get());
        }
        p.addLast("flush", new FlushConsolidationHandler(256, true));
        p.addLast("frameDecoder", new FrameDecoder(config.maxFrameBytes()));
        p.addLast("framePrepender", new LengthFieldPrepender(FrameDecoder.LENGTH_FIELD));
        p.addLast("handshake", new HandshakeHandler(handshake, handshakeTimeout));
        p.addLast("messageDecoder", new MessageFrameCodec.Decoder(config.protocolVersion()));
        p.addLast("messageEncoder", new MessageFrameCodec.Encoder(config.maxFrameBytes()));
        p.addLast(
                "link",
                new NettyPeerLink(
                        ch,
                        outbound,
                        handler,
                        connected,
                        budget,
                        config.limits().stallTimeout().toMillis(),
                        slot,
                        stalled::incrementAndGet));
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("transport is closed");
        }
    }

    /** Parses {@code host:port} or {@code [v6]:port}; throws IllegalArgumentException naming the text. */
    static InetSocketAddress parseHostPort(String hostPort) {
        String text = hostPort == null ? "" : hostPort.trim();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("peer address must be host:port: " + hostPort);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("peer address must be host:port: " + hostPort);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("peer port must be 1..65535: " + hostPort);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** {@code host:port} of a socket address, for logs and {@link PeerLink#remoteAddress()}. */
    static String addressText(SocketAddress address) {
        if (address instanceof InetSocketAddress a) {
            String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
        }
        return String.valueOf(address);
    }
}
