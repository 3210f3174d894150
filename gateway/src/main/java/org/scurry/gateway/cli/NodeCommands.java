package org.scurry.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The node itself: {@code id}, {@code status}, {@code peers}, {@code connect}. */
final class NodeCommands {
    private NodeCommands() {}

    @Command(name = "id", description = "print the node's feed id (with --as, the account's)")
    static final class Id extends ClientCommand {
        @Override
        protected void run(Call call) {
            JsonNode s = call.node().get("/api/status");
            call.print(s, s.path("id").asText());
        }
    }

    @Command(name = "status", description = "the node's id, peers, feeds, entries, disk use")
    static final class Status extends ClientCommand {
        @Override
        protected void run(Call call) {
            JsonNode s = call.node().get("/api/status");
            if (call.json()) {
                call.out().println(s);
            } else {
                call.printer().status(s);
            }
        }
    }

    @Command(name = "peers", description = "connected peers")
    static final class Peers extends ClientCommand {
        @Override
        protected void run(Call call) {
            JsonNode p = call.node().get("/api/peers");
            if (call.json()) {
                call.out().println(p);
            } else {
                call.printer().peers(p.path("peers"));
            }
        }
    }

    @Command(name = "connect", description = "dial a peer (and keep the link up)")
    static final class Connect extends ClientCommand {
        @Parameters(paramLabel = "HOST:PORT", description = "the peer's swarm address")
        String address;

        @Override
        protected void run(Call call) {
            ObjectNode body = NodeClient.json().createObjectNode().put("address", address);
            call.print(
                    call.node().post("/api/peers", body),
                    "dialling " + address + " (see " + UsageMessages.program() + " peers)");
        }
    }
}
