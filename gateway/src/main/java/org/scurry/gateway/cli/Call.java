package org.scurry.gateway.cli;

import java.io.PrintStream;

/**
 * What a {@link ClientCommand} runs with: the node's API (as the node, or as {@code --as ACCOUNT}),
 * the printer and stream for its output, and whether {@code --json} asks for the node's answers as
 * they are.
 */
record Call(NodeClient node, Printer printer, PrintStream out, boolean json) {
    /** Prints {@code answer} as JSON with {@code --json}, else {@code text}. */
    void print(com.fasterxml.jackson.databind.JsonNode answer, String text) {
        out.println(json ? answer.toString() : text);
    }
}
