package org.scurry.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What {@code ./scurry status} prints for the JSON of {@code GET /api/status}. */
class PrinterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String status(String json) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Printer(new PrintStream(bytes, true, StandardCharsets.UTF_8), ZoneOffset.UTC).status(JSON.readTree(json));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aClientsStatusHasNoHistoryLines() throws Exception {
        String out = status("{\"id\":\"@a\",\"peers\":2,\"feeds\":3,\"entries\":40,\"diskBytes\":1000}");
        assertThat(out)
                .contains("peers:         2")
                .doesNotContain("history:")
                .doesNotContain("copies:")
                .doesNotContain("ready:");
    }

    @Test
    void aReadyNodeSaysSoWithWhatItQueuedAndTheMessagesItDidNotKnow() throws Exception {
        String out = status("{\"id\":\"@a\",\"ready\":true,\"degraded\":null,\"queuedBytes\":2048,"
                + "\"unknownMessages\":3,\"crypto\":\"libsodium 1.0.18\"}");
        assertThat(out)
                .contains("ready:         yes")
                .contains("queued:        2048 bytes for peers")
                .contains("unknown:       3 messages of types this version does not know")
                .contains("crypto:        libsodium 1.0.18");
        assertThat(status("{\"id\":\"@a\",\"unknownMessages\":0}")).doesNotContain("unknown:");
    }

    @Test
    void aNodeThatRefusesWritesSaysWhy() throws Exception {
        String out = status("{\"id\":\"@a\",\"ready\":false,\"degraded\":\"the disk is full: 0 bytes free\"}");
        assertThat(out).contains("ready:         no, writes are refused: the disk is full: 0 bytes free");
    }

    @Test
    void aHistoryServersStatusShowsTheCopiesOfWhatItArchives() throws Exception {
        JsonNode s = JSON.readTree("{\"id\":\"@a\",\"history\":{\"copiesWanted\":3,\"archived\":5,\"whole\":4,"
                + "\"restoring\":1,\"minCopies\":2,\"copies\":{\"2\":1,\"3\":4},"
                + "\"fewest\":[{\"id\":\"@feedX\",\"copies\":2}]}}");

        String out = status(s.toString());

        assertThat(out)
                .contains("history:       archiving 5 feeds, 4 whole here, 1 being fetched back")
                .contains("copies:        at least 2 of 3 wanted (feeds: 1 with 2, 4 with 3)")
                .contains("  @feedX: 2 copies");
    }

    @Test
    void theStatusSaysHowTheNodeIsReachedAndHowMuchItRelays() throws Exception {
        String out = status(
                "{\"id\":\"@a\",\"reach\":\"direct\",\"relay\":{\"relayedNodes\":2,\"tunnels\":1,"
                        + "\"tunnelsOpened\":3,\"bytesRelayed\":40960,\"refused\":{\"full\":1},\"tunnelLinks\":0,\"relays\":0}}");
        assertThat(out)
                .contains("reach:         direct (through 0 relays; 0 of our links are relayed)")
                .contains(
                        "relaying:      1 tunnels now, 3 since start, 40960 bytes, for 2 nodes that cannot be dialled;"
                                + " refused {\"full\":1}");
        assertThat(status("{\"id\":\"@a\"}")).doesNotContain("reach:").doesNotContain("seen from:");
        assertThat(status("{\"id\":\"@a\",\"observedAddresses\":[\"192.0.2.1:5\",\"192.0.2.1:6\"]}"))
                .contains("seen from:     192.0.2.1:5, 192.0.2.1:6");
    }

    @Test
    void aRelayedPeerSaysThroughWhom() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Printer(new PrintStream(bytes, true, StandardCharsets.UTF_8), ZoneOffset.UTC)
                .peers(JSON.readTree("[{\"id\":\"@b\",\"address\":\"relay @r at 127.0.0.1:1\",\"outbound\":true,"
                        + "\"connectedAt\":0,\"relay\":\"@r\"},{\"id\":\"@r\",\"address\":\"127.0.0.1:1\","
                        + "\"outbound\":true,\"connectedAt\":0}]"));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).contains("relayed through @r");
        assertThat(lines[1]).doesNotContain("relayed");
    }
}
