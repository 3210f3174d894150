package org.scurry.swarm.internal.net.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scurry.swarm.crypto.Hex.bytes;
import static org.scurry.swarm.crypto.Hex.hex;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.internal.crypto.X25519;
import org.scurry.swarm.internal.net.HandshakeException;

class XXpsk0HandshakeTest {
    // The Noise_XXpsk0_25519_ChaChaPoly_SHA256 vector of the flynn/noise vectors.txt set (empty
    // prologue, empty handshake payloads, then two transport messages), as replayed by
    // swift-libp2p/swift-noise's NoiseTests.swift.
    private static final String INIT_STATIC = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String RESP_STATIC = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";
    private static final String INIT_EPHEMERAL = "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";
    private static final String RESP_EPHEMERAL = "4142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f60";
    private static final String PSK = "2176657279736563726574766572797365637265747665727973656372657421";

    @Test
    void reproducesThePublishedXXpsk0VectorWithoutIdentityPayloads() throws Exception {
        XXpsk0Handshake init =
                XXpsk0Handshake.initiator(key(INIT_STATIC), key(INIT_EPHEMERAL), bytes(PSK), new byte[0]);
        XXpsk0Handshake resp =
                XXpsk0Handshake.responder(key(RESP_STATIC), key(RESP_EPHEMERAL), bytes(PSK), new byte[0]);

        byte[] m1 = init.writeMessage(new byte[0]);
        assertThat(hex(m1))
                .isEqualTo(
                        "358072d6365880d1aeea329adf9121383851ed21a28e3b75e965d0d2cd166254555f63b2499511e3b299a5649351a5b7");
        resp.readMessage(m1);
        byte[] m2 = resp.writeMessage(new byte[0]);
        assertThat(hex(m2))
                .isEqualTo("64b101b1d0be5a8704bd078f9895001fc03e8e9f9522f188dd128d9846d4846622df46c0ac1e0fc71795a84e"
                        + "37cc0e963d131c8e84c02cd5cfcfe8def3fe128b324ab54fd3be59ac143dfdc68996211170078c960e051d6ed9"
                        + "71da20bde0fcf1");
        init.readMessage(m2);
        byte[] m3 = init.writeMessage(new byte[0]);
        assertThat(hex(m3))
                .isEqualTo("462127adbe047db3d1fce0581b5447d99b606c591545a7719132e0c91fe93d123be3fe89ffd8af56e02cefda"
                        + "863080ecee5651dcecddde76b8237c66740d7c8f");
        resp.readMessage(m3);

        assertThat(init.isComplete()).isTrue();
        assertThat(resp.isComplete()).isTrue();
        assertThat(init.handshakeHash()).isEqualTo(resp.handshakeHash());
        assertThat(init.remoteStatic()).isEqualTo(key(RESP_STATIC).publicKey());
        assertThat(resp.remoteStatic()).isEqualTo(key(INIT_STATIC).publicKey());

        XXpsk0Handshake.TransportKeys i = init.split();
        XXpsk0Handshake.TransportKeys r = resp.split();
        byte[] t1 = i.send().encryptWithAd(new byte[0], "yellowsubmarine".getBytes(StandardCharsets.US_ASCII));
        assertThat(hex(t1)).isEqualTo("75fff8afebd2f14da1cac9cc5b5201395cdf2ad65f3a97804e360c16f4e2ac");
        assertThat(new String(r.receive().decryptWithAd(new byte[0], t1), StandardCharsets.US_ASCII))
                .isEqualTo("yellowsubmarine");
        byte[] t2 = r.send().encryptWithAd(new byte[0], "submarineyellow".getBytes(StandardCharsets.US_ASCII));
        assertThat(hex(t2)).isEqualTo("150cc85f79f9ca0f0730b8b4707805ed1969ff6b2770a5d466cd2754802805");
        assertThat(new String(i.receive().decryptWithAd(new byte[0], t2), StandardCharsets.US_ASCII))
                .isEqualTo("submarineyellow");
    }

    @Test
    void aResponderWithAnotherPskRefusesMessageOne() {
        XXpsk0Handshake init = XXpsk0Handshake.initiator(
                X25519.KeyPair.generate(), X25519.KeyPair.generate(), bytes(PSK), new byte[0]);
        byte[] otherPsk = bytes(PSK);
        otherPsk[0] ^= 1;
        XXpsk0Handshake resp =
                XXpsk0Handshake.responder(X25519.KeyPair.generate(), X25519.KeyPair.generate(), otherPsk, new byte[0]);

        byte[] m1 = init.writeMessage(new byte[0]);

        assertThatThrownBy(() -> resp.readMessage(m1))
                .isInstanceOf(HandshakeException.class)
                .hasMessageContaining("message 1 does not authenticate")
                .hasMessageContaining("network key");
    }

    @Test
    void aTamperedMessageTwoDoesNotAuthenticate() {
        XXpsk0Handshake init = XXpsk0Handshake.initiator(
                X25519.KeyPair.generate(), X25519.KeyPair.generate(), bytes(PSK), new byte[0]);
        XXpsk0Handshake resp = XXpsk0Handshake.responder(
                X25519.KeyPair.generate(), X25519.KeyPair.generate(), bytes(PSK), new byte[0]);
        resp.readMessage(init.writeMessage(new byte[0]));
        byte[] m2 = resp.writeMessage(new byte[0]);
        m2[40] ^= 1;

        assertThatThrownBy(() -> init.readMessage(m2))
                .isInstanceOf(HandshakeException.class)
                .hasMessageContaining("message 2 does not authenticate");
    }

    @Test
    void aShortMessageIsRefusedWithItsLength() {
        XXpsk0Handshake resp = XXpsk0Handshake.responder(
                X25519.KeyPair.generate(), X25519.KeyPair.generate(), bytes(PSK), new byte[0]);

        assertThatThrownBy(() -> resp.readMessage(new byte[5]))
                .isInstanceOf(HandshakeException.class)
                .hasMessage("handshake message 1 must be ≥ 48 bytes: 5");
    }

    private static X25519.KeyPair key(String hex) {
        return X25519.KeyPair.fromPrivate(bytes(hex));
    }
}
