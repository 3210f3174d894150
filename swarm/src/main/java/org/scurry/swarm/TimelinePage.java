package org.scurry.swarm;

import java.util.List;

/** One page of a timeline, newest first; {@code next} is null when there is nothing older. */
public record TimelinePage(List<Entry> entries, TimelineCursor next) {}
