package org.scurry.bridges.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

/** The generated descriptors in src/generated/ are what Camel uses to find and configure the component. */
class ScurryMetadataTest {

    @Test
    void camelFindsTheComponentItsConfigurersAndItsUriFactory() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.start();

            assertThat(context.getComponent("scurry")).isInstanceOf(ScurryComponent.class);
            assertThat(PluginHelper.getConfigurerResolver(context)
                            .resolvePropertyConfigurer("scurry-endpoint", context))
                    .isInstanceOf(ScurryEndpointConfigurer.class);
            assertThat(PluginHelper.getConfigurerResolver(context)
                            .resolvePropertyConfigurer("scurry-component", context))
                    .isInstanceOf(ScurryComponentConfigurer.class);

            Map<String, Object> options = new LinkedHashMap<>();
            options.put("operation", "entries");
            options.put("kind", "post");
            options.put("includeOwn", true);
            assertThat(context.getCamelContextExtension()
                            .getEndpointUriFactory("scurry")
                            .buildUri("scurry", options))
                    .isEqualTo("scurry:entries?includeOwn=true&kind=post");
        }
    }

    @Test
    void theJsonMetadataOnTheClasspathListsTheOptionsAndHeaders() throws Exception {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/org/scurry/bridges/component/scurry.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(json)
                .contains("\"syntax\": \"scurry:operation\"")
                .contains("\"timelineOf\"", "\"queueSize\"", "\"account\"")
                .contains("\"CamelScurryAuthor\"", "\"CamelScurryText\"", "\"CamelScurryAccount\"")
                .contains("\"autowired\": true");
    }
}
