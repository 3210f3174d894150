package org.scurry.routes.archfixture;

import org.scurry.testkit.TestFeed;

/** A deliberately bad "route" for ArchitectureTest: production code on the testkit. */
public final class RouteOnTestkit {
    public Object feed() {
        return TestFeed.create();
    }
}
