package org.scurry.gateway;

import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The log's layout: {@code text} (one line per event: ISO 8601 time with its offset, level, logger,
 * message) or {@code json} (one JSON object per line, log4j's JsonTemplateLayout with
 * {@code org/scurry/gateway/log-event.json}). Both write to stderr. log4j2.xml picks the appender
 * with a {@code SystemPropertyArbiter} on {@value #PROPERTY}, which this class sets: from {@value
 * #ENV} before the first log line, then from {@code scurry.log.format} once the settings are read
 * (reconfiguring log4j if that changed the choice).
 */
public final class LogFormat {
    public static final String ENV = "SCURRY_LOG_FORMAT";
    /** The system property log4j2.xml reads. */
    public static final String PROPERTY = "scurry.log.format";

    public static final String TEXT = "text";
    public static final String JSON = "json";

    private LogFormat() {}

    /**
     * Before anything logs: {@value #ENV} when it names a layout. A bad value is left for {@link
     * GatewaySettings#logFormat()} to refuse, with the gateway's other setting errors.
     */
    public static void fromEnvironment(Map<String, String> env) {
        String v = env.getOrDefault(ENV, "").trim().toLowerCase(Locale.ROOT);
        if (v.equals(JSON) || v.equals(TEXT)) {
            System.setProperty(PROPERTY, v);
        }
    }

    /** Switches to {@code format} ({@code text} or {@code json}) if another one is in use. */
    public static void use(String format) {
        if (!format.equals(System.getProperty(PROPERTY, TEXT))) {
            System.setProperty(PROPERTY, format);
            Configurator.reconfigure();
        }
    }

    /** {@code value} in lower case when it is {@code text} or {@code json}; else IllegalArgumentException. */
    static String check(String where, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals(TEXT) && !v.equals(JSON)) {
            throw new IllegalArgumentException(where + " must be text or json: " + value);
        }
        return v;
    }
}
