package org.scurry.swarm.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scurry.swarm.crypto.Hex.bytes;
import static org.scurry.swarm.crypto.Hex.hex;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.NodeConfig;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.internal.crypto.X25519;
import org.scurry.swarm.internal.net.noise.XXpsk0Handshake;
import org.scurry.swarm.wire.Message;
import org.scurry.swarm.wire.MessageCodec;

/**
 * Reproduces src/test/resources/vectors/handshake.json: Scurry's handshake (with identity payloads)
 * between two fixed identities with fixed ephemeral keys, then one transport message each way.
 * {@link #main} prints the file anew (only needed if the protocol changes, with a new version).
 */
public class HandshakeVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static Map<String, Object> compute() {
        Ed25519Signer alice = Ed25519Signer.fromSeed(bytes("a1".repeat(32)));
        Ed25519Signer bob = Ed25519Signer.fromSeed(bytes("b0".repeat(32)));
        X25519.KeyPair aliceEphemeral = X25519.KeyPair.fromPrivate(bytes("e1".repeat(32)));
        X25519.KeyPair bobEphemeral = X25519.KeyPair.fromPrivate(bytes("e2".repeat(32)));
        byte[] networkKey = NodeConfig.networkKeyFor(NodeConfig.DEFAULT_NETWORK);

        Handshake init = Handshake.initiator(alice, aliceEphemeral, networkKey);
        Handshake resp = Handshake.responder(bob, bobEphemeral, networkKey);
        byte[] m1 = init.writeMessage();
        resp.readMessage(m1);
        byte[] m2 = resp.writeMessage();
        init.readMessage(m2);
        byte[] m3 = init.writeMessage();
        resp.readMessage(m3);
        assertThat(init.handshakeHash()).isEqualTo(resp.handshakeHash());
        XXpsk0Handshake.TransportKeys ik = init.split();
        XXpsk0Handshake.TransportKeys rk = resp.split();
        byte[] ping = MessageCodec.encode(new Message.Ping());
        // A version-1 Hello: the published vector predates protocol versions and stays valid.
        byte[] hello = MessageCodec.encode(new Message.Hello("127.0.0.1:8471", 0L, 1, 0));
        byte[] t1 = ik.send().encryptWithAd(new byte[0], hello);
        byte[] t2 = rk.send().encryptWithAd(new byte[0], ping);

        Map<String, Object> v = new LinkedHashMap<>();
        v.put("protocol_name", XXpsk0Handshake.PROTOCOL_NAME);
        v.put("prologue", hex(Handshake.PROLOGUE));
        v.put("network_key", hex(networkKey));
        v.put("initiator", party(alice, aliceEphemeral));
        v.put("responder", party(bob, bobEphemeral));
        v.put("messages", List.of(hex(m1), hex(m2), hex(m3)));
        v.put("handshake_hash", hex(init.handshakeHash()));
        v.put(
                "transport",
                List.of(
                        Map.of("from", "initiator", "plaintext", hex(hello), "ciphertext", hex(t1)),
                        Map.of("from", "responder", "plaintext", hex(ping), "ciphertext", hex(t2))));
        return v;
    }

    private static Map<String, Object> party(Ed25519Signer id, X25519.KeyPair ephemeral) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ed25519_seed", hex(id.seed()));
        p.put("ed25519_public", hex(id.publicKey().toBytes()));
        p.put("x25519_static_private", hex(X25519.privateFromEd25519Seed(id.seed())));
        p.put("x25519_static_public", hex(X25519.publicFromEd25519(id.publicKey())));
        p.put("x25519_ephemeral_private", hex(ephemeral.privateKey()));
        p.put("x25519_ephemeral_public", hex(ephemeral.publicKey()));
        return p;
    }

    @Test
    void handshakeReproducesThePublishedVectors() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/vectors/handshake.json")) {
            assertThat(in).as("vectors/handshake.json").isNotNull();
            Map<?, ?> published = JSON.readValue(in, Map.class);

            assertThat(JSON.convertValue(compute(), Map.class)).isEqualTo(published);
        }
    }

    @Test
    void aFlippedBitInAnyHandshakeMessageIsRefused() {
        for (int tampered = 1; tampered <= 3; tampered++) {
            byte[] networkKey = NodeConfig.networkKeyFor(NodeConfig.DEFAULT_NETWORK);
            Handshake init = Handshake.initiator(Ed25519Signer.generate(), networkKey);
            Handshake resp = Handshake.responder(Ed25519Signer.generate(), networkKey);
            for (int n = 1; n <= 3; n++) {
                Handshake writer = n == 2 ? resp : init;
                Handshake reader = n == 2 ? init : resp;
                byte[] m = writer.writeMessage();
                if (n == tampered) {
                    m[m.length - 1] ^= 1;
                    assertThatThrownBy(() -> reader.readMessage(m))
                            .isInstanceOf(HandshakeException.class)
                            .hasMessageContaining("message " + n + " does not authenticate");
                    break;
                }
                reader.readMessage(m);
            }
        }
    }

    @Test
    void aStaticKeyThatIsNotTheIdentitysIsRefused() {
        byte[] networkKey = new byte[32];
        Ed25519Signer alice = Ed25519Signer.generate();
        // Bob signs with his identity but runs Noise with an unrelated static key.
        Handshake init = Handshake.initiator(alice, networkKey);
        XXpsk0Handshake bobNoise = XXpsk0Handshake.responder(
                X25519.KeyPair.generate(), X25519.KeyPair.generate(), networkKey, Handshake.PROLOGUE);
        Ed25519Signer bob = Ed25519Signer.generate();
        bobNoise.readMessage(init.writeMessage());
        byte[] m2 = bobNoise.writeMessage(h -> {
            byte[] t = new byte[Handshake.SIGNATURE_CONTEXT.length + h.length];
            System.arraycopy(Handshake.SIGNATURE_CONTEXT, 0, t, 0, Handshake.SIGNATURE_CONTEXT.length);
            System.arraycopy(h, 0, t, Handshake.SIGNATURE_CONTEXT.length, h.length);
            byte[] payload = new byte[96];
            System.arraycopy(bob.publicKey().toBytes(), 0, payload, 0, 32);
            System.arraycopy(bob.sign(t), 0, payload, 32, 64);
            return payload;
        });

        assertThatThrownBy(() -> init.readMessage(m2))
                .isInstanceOf(HandshakeException.class)
                .hasMessageContaining("Noise static key is not the X25519 form of the identity");
    }

    /** Prints the vectors file. */
    public static void main(String[] args) throws Exception {
        System.out.println(JSON.writeValueAsString(compute()));
    }
}
