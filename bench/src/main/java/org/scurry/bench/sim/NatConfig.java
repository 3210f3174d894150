package org.scurry.bench.sim;

/**
 * Who can be dialled in a simulated swarm, and how relays behave (issue 16). A node behind NAT
 * accepts no inbound connection: it keeps outbound links ("reservations") to up to {@code
 * relaysPerNode} reachable nodes, and others reach it through a tunnel via one of them (see {@link
 * NatRelays}).
 *
 * @param share share of nodes behind a NAT (drawn from the seed, fixed for the run)
 * @param relaysPerNode reservations a NAT node keeps, on reachable nodes
 * @param clientsPerRelay most NAT nodes one relay keeps reservations for
 * @param tunnelsPerRelay most tunnels open through one relay at once
 * @param reversal when a reachable node dials a NAT node, the relay asks the NAT node to dial back
 *     (connection reversal, libp2p's "direct connection upgrade" for one public side): the link is
 *     direct; off, it is a tunnel
 * @param punchSuccess probability that hole punching through the relay succeeds for a link between
 *     two NAT nodes (then the link is direct); 0 for none
 */
public record NatConfig(
        double share,
        int relaysPerNode,
        int clientsPerRelay,
        int tunnelsPerRelay,
        boolean reversal,
        double punchSuccess) {

    /** Every node can be dialled: the simulator as before issue 16. */
    public static final NatConfig NONE = new NatConfig(0, 2, 64, 256, false, 0);

    public NatConfig {
        if (share < 0 || share > 1 || punchSuccess < 0 || punchSuccess > 1) {
            throw new IllegalArgumentException(
                    "NAT share and punch success must be in [0, 1]: " + share + ", " + punchSuccess);
        }
        if (relaysPerNode < 1 || clientsPerRelay < 1 || tunnelsPerRelay < 1) {
            throw new IllegalArgumentException("relays per node and relay bounds must be ≥ 1");
        }
    }

    /** {@code share} of the nodes behind NAT, the rest of the settings the same. */
    public NatConfig withShare(double s) {
        return new NatConfig(s, relaysPerNode, clientsPerRelay, tunnelsPerRelay, reversal, punchSuccess);
    }

    public NatConfig withRelaysPerNode(int n) {
        return new NatConfig(share, n, clientsPerRelay, tunnelsPerRelay, reversal, punchSuccess);
    }

    public NatConfig withClientsPerRelay(int n) {
        return new NatConfig(share, relaysPerNode, n, tunnelsPerRelay, reversal, punchSuccess);
    }

    public NatConfig withTunnelsPerRelay(int n) {
        return new NatConfig(share, relaysPerNode, clientsPerRelay, n, reversal, punchSuccess);
    }

    public NatConfig withReversal(boolean on) {
        return new NatConfig(share, relaysPerNode, clientsPerRelay, tunnelsPerRelay, on, punchSuccess);
    }

    public NatConfig withPunchSuccess(double p) {
        return new NatConfig(share, relaysPerNode, clientsPerRelay, tunnelsPerRelay, reversal, p);
    }
}
